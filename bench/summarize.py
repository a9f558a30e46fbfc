#!/usr/bin/env python3
"""Summarize the raw measurements of bench/run.sh: medians, ratios, targets.

    python3 summarize.py RAW.tsv META.json RESULTS.json

RAW.tsv has one line per timed process (whitespace-separated):
    size tool kind run wall_s user_s sys_s maxrss_kib [load1_before]
tool is modelsite, hugo or cp (`cp -r` of modelsite's full-build output, the floor); kind is full, noop (modelsite rebuild with nothing changed) or edit
(modelsite rebuild after appending a sentence to one model's Markdown).
META.json holds what run.sh knows about the run (date, versions, machine, stage times, checks).
Prints the table and writes RESULTS.json (the same figures plus the raw runs).  Stdlib only.
"""

import json
import statistics
import sys

# Targets (see bench/README.md).
SPEEDUP_MIN = 10.0        # Hugo wall / modelsite wall at the smallest size (2000 models)
MEMORY_MAX = 0.25         # modelsite peak RSS / Hugo peak RSS
COPY_MAX = 1.5            # modelsite full-build wall / `cp -r` of its output
GROWTH_MAX = 5.5          # modelsite wall at 10000 models / at 2000 models
NOOP_MAX_PCT = 5.0        # no-op rebuild wall as % of a full build
EDIT_MAX_PCT = 10.0       # one-edit rebuild wall as % of a full build

KIND_LABEL = {"full": "full build", "noop": "no-op rebuild", "edit": "one-edit rebuild"}


def load(path):
    runs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            size, tool, kind, run = int(parts[0]), parts[1], parts[2], int(parts[3])
            wall, user, sys_, rss = (float(x) for x in parts[4:8])
            runs.append({"size": size, "tool": tool, "kind": kind, "run": run, "wall_s": wall,
                         "user_s": user, "sys_s": sys_, "cpu_s": round(user + sys_, 2), "maxrss_kib": int(rss),
                         "load1_before": float(parts[8]) if len(parts) > 8 else None})
    return runs


def r(x, nd=2):
    return None if x is None else round(x, nd)


def ratio(a, b):
    return a / b if a is not None and b else None


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    runs = load(argv[1])
    with open(argv[2], encoding="utf-8") as f:
        meta = json.load(f)

    groups = {}
    for x in runs:
        groups.setdefault((x["size"], x["tool"], x["kind"]), []).append(x)
    medians = {}
    for key, xs in sorted(groups.items()):
        medians[key] = {
            "runs": len(xs),
            "wall_s": statistics.median(x["wall_s"] for x in xs),
            "cpu_s": statistics.median(x["cpu_s"] for x in xs),
            "peak_mib": statistics.median(x["maxrss_kib"] for x in xs) / 1024,
            "wall_min_s": min(x["wall_s"] for x in xs),
            "wall_max_s": max(x["wall_s"] for x in xs),
        }

    def med(size, tool, kind, field):
        m = medians.get((size, tool, kind))
        return m[field] if m else None

    sizes = sorted({k[0] for k in medians})
    per_size = {}
    for s in sizes:
        ms_full = med(s, "modelsite", "full", "wall_s")
        per_size[s] = {
            "hugo_over_modelsite_wall": r(ratio(med(s, "hugo", "full", "wall_s"), ms_full)),
            "hugo_over_modelsite_cpu": r(ratio(med(s, "hugo", "full", "cpu_s"), med(s, "modelsite", "full", "cpu_s"))),
            "modelsite_over_hugo_peak_memory": r(ratio(med(s, "modelsite", "full", "peak_mib"),
                                                       med(s, "hugo", "full", "peak_mib")), 3),
            "noop_pct_of_full": r(None if med(s, "modelsite", "noop", "wall_s") is None or not ms_full
                                  else 100 * med(s, "modelsite", "noop", "wall_s") / ms_full, 1),
            "edit_pct_of_full": r(None if med(s, "modelsite", "edit", "wall_s") is None or not ms_full
                                  else 100 * med(s, "modelsite", "edit", "wall_s") / ms_full, 1),
            "modelsite_over_cp_wall": r(ratio(ms_full, med(s, "cp", "full", "wall_s"))),
            "modelsite_over_cp_cpu": r(ratio(med(s, "modelsite", "full", "cpu_s"), med(s, "cp", "full", "cpu_s"))),
            "modelsite_over_cpsync_wall": r(ratio(ms_full, med(s, "cpsync", "full", "wall_s"))),
        }
    growth = None
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        growth = {
            "from": lo, "to": hi, "size_factor": r(hi / lo),
            "modelsite_wall": r(ratio(med(hi, "modelsite", "full", "wall_s"), med(lo, "modelsite", "full", "wall_s"))),
            "hugo_wall": r(ratio(med(hi, "hugo", "full", "wall_s"), med(lo, "hugo", "full", "wall_s"))),
            "modelsite_cpu": r(ratio(med(hi, "modelsite", "full", "cpu_s"), med(lo, "modelsite", "full", "cpu_s"))),
            "hugo_cpu": r(ratio(med(hi, "hugo", "full", "cpu_s"), med(lo, "hugo", "full", "cpu_s"))),
        }

    # Targets.
    targets = []

    def target(name, value, limit, ok, where):
        targets.append({"target": name, "where": where, "value": value, "limit": limit,
                        "met": None if value is None else ok(value)})

    if sizes:
        s0 = 2000 if 2000 in sizes else sizes[0]
        target("wall time: Hugo / modelsite >= 10", per_size[s0]["hugo_over_modelsite_wall"], SPEEDUP_MIN,
               lambda v: v >= SPEEDUP_MIN, f"{s0} models")
    for s in sizes:
        target("wall time: modelsite / cp -r of its output <= 1.5", per_size[s]["modelsite_over_cp_wall"], COPY_MAX,
               lambda v: v <= COPY_MAX, f"{s} models")
    for s in sizes:
        target("peak memory: modelsite / Hugo <= 0.25", per_size[s]["modelsite_over_hugo_peak_memory"], MEMORY_MAX,
               lambda v: v <= MEMORY_MAX, f"{s} models")
    if growth:
        target(f"time growth {growth['to']}/{growth['from']} models <= 5.5x", growth["modelsite_wall"], GROWTH_MAX,
               lambda v: v <= GROWTH_MAX, "modelsite wall")
    for s in sizes:
        target("no-op rebuild <= 5% of full", per_size[s]["noop_pct_of_full"], NOOP_MAX_PCT,
               lambda v: v <= NOOP_MAX_PCT, f"{s} models")
        target("one-edit rebuild <= 10% of full", per_size[s]["edit_pct_of_full"], EDIT_MAX_PCT,
               lambda v: v <= EDIT_MAX_PCT, f"{s} models")

    # Table.
    lines = []
    lines.append("| models | tool | build | wall s | CPU s | peak MiB | runs |")
    lines.append("| ---: | --- | --- | ---: | ---: | ---: | ---: |")
    for s in sizes:
        for tool in ("modelsite", "hugo", "cp", "cpsync"):
            for kind in ("full", "noop", "edit"):
                m = medians.get((s, tool, kind))
                if not m:
                    continue
                label = {"cp": "copy of modelsite's output", "cpsync": "the same copy, then sync -f"}.get(tool, KIND_LABEL[kind])
                lines.append(f"| {s} | {tool} | {label} | {m['wall_s']:.2f} | {m['cpu_s']:.2f} | "
                             f"{m['peak_mib']:.0f} | {m['runs']} |")
    lines.append("")
    lines.append("| models | Hugo/modelsite wall | Hugo/modelsite CPU | modelsite/Hugo peak memory | no-op % of full | one-edit % of full | modelsite/cp -r wall | modelsite/cp -r CPU | modelsite/(cp -r + sync) wall |")
    lines.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

    def fmt(v, suffix=""):
        return "n/a" if v is None else f"{v}{suffix}"

    for s in sizes:
        p = per_size[s]
        lines.append(f"| {s} | {fmt(p['hugo_over_modelsite_wall'], 'x')} | {fmt(p['hugo_over_modelsite_cpu'], 'x')} | "
                     f"{fmt(p['modelsite_over_hugo_peak_memory'])} | {fmt(p['noop_pct_of_full'], ' %')} | "
                     f"{fmt(p['edit_pct_of_full'], ' %')} | {fmt(p['modelsite_over_cp_wall'], 'x')} | "
                     f"{fmt(p['modelsite_over_cp_cpu'], 'x')} | {fmt(p['modelsite_over_cpsync_wall'], 'x')} |")
    if growth:
        lines.append("")
        lines.append(f"Time growth {growth['from']} -> {growth['to']} models ({growth['size_factor']}x the models): "
                     f"modelsite {fmt(growth['modelsite_wall'], 'x')} wall / {fmt(growth['modelsite_cpu'], 'x')} CPU, "
                     f"Hugo {fmt(growth['hugo_wall'], 'x')} wall / {fmt(growth['hugo_cpu'], 'x')} CPU (medians).")
    loads = [x["load1_before"] for x in runs if x.get("load1_before") is not None]
    if loads:
        lines.append("")
        lines.append(f"1-minute load average before the timed runs: median {statistics.median(loads):.2f}, "
                     f"max {max(loads):.2f} (on {meta.get('machine', {}).get('cores', '?')} cores).")
    lines.append("")
    lines.append("| target | where | value | met |")
    lines.append("| --- | --- | ---: | --- |")
    for t in targets:
        met = "n/a" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {t['where']} | {fmt(t['value'])} | {met} |")
    table = "\n".join(lines)
    print(table)

    results = {
        "meta": meta,
        "medians": [dict(size=k[0], tool=k[1], kind=k[2], **{f: r(v, 3) if isinstance(v, float) else v
                                                              for f, v in m.items()})
                    for k, m in sorted(medians.items())],
        "ratios": {str(s): v for s, v in per_size.items()},
        "growth": growth,
        "targets": targets,
        "table_markdown": table,
        "runs": runs,
    }
    with open(argv[3], "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(results, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv)
