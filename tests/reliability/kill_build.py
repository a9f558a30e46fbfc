#!/usr/bin/env python3
"""Fault injection: `modelsite build` killed with SIGKILL at random moments.

A copy of the bundled catalog flips between two states (A, and B with one price, one prose file
and one UI string edited). Each round starts a rebuild into the same --out, kills it after a
random delay within the time a whole rebuild takes, and checks that --out is exactly the site of
the old state or of the new one (every file, byte for byte, no other file or folder) and that
nothing else appeared beside it. The next, uninterrupted build must then give exactly the full
build of the new state. Exit status 0 when every round held; a summary line at the end.
"""
import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def snapshot(folder):
    """Every file and folder under `folder`: relative path -> bytes (None for a folder)."""
    tree = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        rel = os.path.relpath(dirpath, folder)
        for d in dirnames:
            tree[os.path.normpath(os.path.join(rel, d))] = None
        for f in filenames:
            with open(os.path.join(dirpath, f), "rb") as fh:
                tree[os.path.normpath(os.path.join(rel, f))] = fh.read()
    return tree


def differences(got, want):
    extra = sorted(set(got) - set(want))
    missing = sorted(set(want) - set(got))
    changed = sorted(p for p in set(got) & set(want) if got[p] != want[p])
    return extra, missing, changed


def edit(path, pattern, repl):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    new, n = re.subn(pattern, repl, text, count=1)
    if n != 1:
        sys.exit(f"kill_build: cannot edit {path}: no match for {pattern!r}")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(new)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modelsite", required=True)
    ap.add_argument("--source", required=True, help="the repository (bundled catalog)")
    ap.add_argument("--kills", type=int, default=60)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--time-limit", type=float, default=600, help="seconds; fail if the rounds take longer")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    print(f"kill_build: seed {seed} (rerun with --seed {seed})", flush=True)

    work = tempfile.mkdtemp(prefix="modelsite-kill-build-")
    try:
        roots = {}
        for state in "AB":
            root = os.path.join(work, "root" + state)
            os.makedirs(root)
            for name in ("content", "locales", "templates"):
                shutil.copytree(os.path.join(args.source, name), os.path.join(root, name))
            shutil.copy(os.path.join(args.source, "site.json"), root)
            roots[state] = root
        b = roots["B"]
        edit(os.path.join(b, "content/models/openai/gpt-4-0314.json"), r'"price": "24"', '"price": "23"')
        with open(os.path.join(b, "content/models/openai/gpt-4.md"), "a", encoding="utf-8") as fh:
            fh.write("\nOne more sentence.\n")
        edit(os.path.join(b, "locales/en.json"), r'("pricing\.title": ")', r"\1Edited ")

        # The site root the killed builds read: its inputs are swapped between A and B.
        live = os.path.join(work, "live")
        shutil.copytree(roots["A"], live)
        parent = os.path.join(work, "out")
        os.makedirs(parent)
        out = os.path.join(parent, "site")

        def build(root, dest, check=True):
            p = subprocess.run([args.modelsite, "build", "--no-check", "--root", root, "--out", dest],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if check and p.returncode != 0:
                sys.exit(f"kill_build: build of {root} failed:\n{p.stderr}")
            return p

        def set_inputs(state):
            for name in ("content", "locales"):
                shutil.rmtree(os.path.join(live, name))
                shutil.copytree(os.path.join(roots[state], name), os.path.join(live, name))

        refs = {}
        for state in "AB":
            dest = os.path.join(work, "ref" + state)
            build(roots[state], dest)
            refs[state] = snapshot(dest)
        if refs["A"] == refs["B"]:
            sys.exit("kill_build: the two states give the same site")

        # How long a rebuild takes here, so that kills spread over all of it.
        build(live, out)
        durations = []
        state = "A"
        for _ in range(4):
            state = "B" if state == "A" else "A"
            set_inputs(state)
            start = time.monotonic()
            build(live, out)
            durations.append(time.monotonic() - start)
        span = min(durations[1:])  # the first also made the spare folder
        print(f"kill_build: a rebuild takes {span:.2f} s; kills fall within it", flush=True)

        began = time.monotonic()
        outcomes = {"old": 0, "new": 0, "finished": 0}
        failures = 0
        round_no = 0
        while outcomes["old"] + outcomes["new"] < args.kills and round_no < 3 * args.kills:
            round_no += 1
            old = state
            state = "B" if state == "A" else "A"
            set_inputs(state)
            # Half the kills anywhere in the build, half around its end, where it publishes.
            delay = rng.uniform(0, span) if rng.random() < 0.5 else rng.uniform(0.7 * span, 1.1 * span)
            proc = subprocess.Popen([args.modelsite, "build", "--no-check", "--root", live, "--out", out],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            finished = proc.poll() is not None
            if not finished:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            got = snapshot(out)
            if got == refs[state]:
                outcomes["finished" if finished else "new"] += 1
            elif got == refs[old] and not finished:
                outcomes["old"] += 1
            else:
                failures += 1
                for name, ref in (("old", refs[old]), ("new", refs[state])):
                    extra, missing, changed = differences(got, ref)
                    print(f"kill_build: round {round_no} (killed after {delay:.3f} s): not the {name} site: "
                          f"{len(extra)} extra {extra[:5]}, {len(missing)} missing {missing[:5]}, "
                          f"{len(changed)} changed {changed[:5]}", flush=True)
            # The previous site and the empty lock file stay beside the output by design (README,
            # "Reliability"); anything else is something a killed build left behind.
            beside = sorted(n for n in os.listdir(parent)
                            if n not in ("site", ".site.modelsite-previous", ".site.modelsite-lock"))
            if beside:
                failures += 1
                print(f"kill_build: round {round_no}: stray files beside the output: {beside}", flush=True)
            # The next build, uninterrupted, is exactly a full build.
            build(live, out)
            again = snapshot(out)
            if again != refs[state]:
                failures += 1
                extra, missing, changed = differences(again, refs[state])
                print(f"kill_build: round {round_no}: the build after the kill is not exact: "
                      f"{len(extra)} extra {extra[:5]}, {len(missing)} missing {missing[:5]}, "
                      f"{len(changed)} changed {changed[:5]}", flush=True)
            if time.monotonic() - began > args.time_limit:
                print(f"kill_build: stopped after {round_no} rounds: over the {args.time_limit:.0f} s limit", flush=True)
                failures += 1
                break
        kills = outcomes["old"] + outcomes["new"]
        print(f"kill_build: {round_no} rounds in {time.monotonic() - began:.0f} s: {kills} builds killed "
              f"({outcomes['old']} left the old site, {outcomes['new']} the new one), "
              f"{outcomes['finished']} finished before the kill", flush=True)
        if kills < args.kills:
            print(f"kill_build: only {kills} builds were killed mid-way (need {args.kills})", flush=True)
            failures += 1
        print(f"{round_no - min(failures, round_no)} passed, {min(failures, round_no)} failed")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
