#!/usr/bin/env python3
"""Fault injection: `modelsite check` killed with SIGKILL at random moments.

A small site has one model whose examples pass and one whose example the API refuses (an unknown
voice), so one snippet must always fail. Each round gives both models a new prompt (new snippet
text, so nothing is cached yet), starts `modelsite check`, kills it after a random delay within
the time a whole check takes, then runs the check to the end. That check must report exactly the
truth: every snippet of the good model passed, the bad model's snippet failed and was not taken
from the cache. A killed check must never leave a result that a later one trusts wrongly.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TARGETS = ["curl", "python-requests", "js-fetch"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def make_site(root, source):
    for name in ("templates", "locales"):
        shutil.copytree(os.path.join(source, name), os.path.join(root, name))
    base = os.path.join(source, "tests/invalid/base")
    shutil.copytree(os.path.join(base, "content"), os.path.join(root, "content"))
    with open(os.path.join(base, "site.json"), encoding="utf-8") as fh:
        site = json.load(fh)
    site["snippets"] = TARGETS
    write(os.path.join(root, "site.json"), json.dumps(site, indent=2) + "\n")


def set_prompts(root, tag):
    alpha_path = os.path.join(root, "content/models/acme/alpha.json")
    with open(alpha_path, encoding="utf-8") as fh:
        alpha = json.load(fh)
    alpha["example"] = {"prompt": f"Round {tag}: say hello."}
    write(alpha_path, json.dumps(alpha, indent=2) + "\n")
    voicey = {"id": "voicey", "name": "Voicey", "provider": "acme", "status": "active",
              "endpoints": ["audio.speech"], "example": {"prompt": f"Round {tag}.", "voice": "robot"}}
    write(os.path.join(root, "content/models/acme/voicey.json"), json.dumps(voicey, indent=2) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modelsite", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--time-limit", type=float, default=600)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    print(f"kill_check: seed {seed} (rerun with --seed {seed})", flush=True)
    work = tempfile.mkdtemp(prefix="modelsite-kill-check-")
    try:
        root = os.path.join(work, "root")
        make_site(root, args.source)
        report = os.path.join(work, "report.json")
        cmd = [args.modelsite, "check", "--root", root, "--report", report]

        def verify(where):
            if os.path.exists(report):
                os.remove(report)
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            problems = []
            if p.returncode != 1:
                problems.append(f"exit status {p.returncode}, not 1")
            try:
                with open(report, encoding="utf-8") as fh:
                    snippets = json.load(fh)["snippets"]
            except (OSError, ValueError, KeyError) as e:
                return [f"no report: {e}; stderr: {p.stderr[-500:]}"]
            good = [s for s in snippets if s["model"] == "alpha"]
            bad = [s for s in snippets if s["model"] == "voicey"]
            if sorted({s["target"] for s in good}) != sorted(TARGETS) or not bad:
                problems.append(f"unexpected snippets: {[(s['model'], s['target']) for s in snippets]}")
            problems += [f"alpha {s['target']} {s['endpoint']}: {s['status']} {s['error']}" for s in good
                         if s["status"] != "passed"]
            problems += [f"voicey {s['target']}: {s['status']}, cached {s['cached']}" for s in bad
                         if s["status"] != "failed" or s["cached"]]
            return [f"{where}: {x}" for x in problems]

        # How long a whole check of new snippets takes here.
        durations = []
        for i in range(2):
            set_prompts(root, f"warm-up {i}")
            start = time.monotonic()
            problems = verify("warm-up")
            durations.append(time.monotonic() - start)
            if problems:
                print("\n".join(problems))
                print("0 passed, 1 failed")
                return 1
        span = min(durations)
        print(f"kill_check: a check takes {span:.2f} s; kills fall within it", flush=True)

        began = time.monotonic()
        kills = finished = failures = rounds = 0
        while kills < args.kills and rounds < 3 * args.kills:
            rounds += 1
            set_prompts(root, f"{seed}-{rounds}")
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            delay = rng.uniform(0, span)
            time.sleep(delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            else:
                finished += 1
            proc.wait()
            problems = verify(f"round {rounds} (killed after {delay:.3f} s)")
            # The killed check's work folder is gone once another check has run.
            left = os.path.join(tempfile.gettempdir(), f"modelsite-check-{proc.pid}")
            if os.path.exists(left):
                problems.append(f"round {rounds}: the killed check's work folder {left} is still there")
            # Now and then once more: what passed is cached, and the failure still is not.
            if rounds % 5 == 0:
                problems += verify(f"round {rounds}, cached run")
            for p in problems:
                print(f"kill_check: {p}", flush=True)
            failures += bool(problems)
            if time.monotonic() - began > args.time_limit:
                print(f"kill_check: stopped after {rounds} rounds: over the {args.time_limit:.0f} s limit", flush=True)
                failures += 1
                break
        print(f"kill_check: {rounds} rounds in {time.monotonic() - began:.0f} s: {kills} checks killed, "
              f"{finished} finished before the kill", flush=True)
        if kills < args.kills:
            print(f"kill_check: only {kills} checks were killed mid-way (need {args.kills})", flush=True)
            failures += 1
        print(f"{rounds - min(failures, rounds)} passed, {min(failures, rounds)} failed")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
