#!/usr/bin/env bash
# The snippet check benchmark: `modelsite check` with all five targets on the generated catalog,
# cold (no .modelsite-cache/), warm (nothing changed) and after editing one model's data, each a
# whole process under /usr/bin/time; medians of RUNS runs per size.
#   MODELS="200 2000"   catalog sizes (make_catalog.py --models N --seed 42)
#   RUNS=3              timed runs of each kind per size
#   JOBS=               --jobs for modelsite (default: the number of cores)
#   SHARED_BENCH=DIR    folder with make_catalog.py (default: <repo>/../shared/bench)
#   MODELSITE=PATH      the binary (default: <repo>/build/modelsite)
#   KEEP=1              keep the temporary folder (sites, reports, raw.tsv)
# Prints a table; raw measurements are in the temporary folder's raw.tsv.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
MODELS=${MODELS:-"200 2000"}
RUNS=${RUNS:-3}
SHARED_BENCH=${SHARED_BENCH:-$REPO/../shared/bench}
# A git worktree sits one level deeper than the main checkout.
[[ -f $SHARED_BENCH/make_catalog.py ]] || SHARED_BENCH=$REPO/../../shared/bench
MODELSITE=${MODELSITE:-$REPO/build/modelsite}
TIME=/usr/bin/time
[[ -x $TIME ]] || { echo "check.sh: GNU time is needed (apt-get install time)" >&2; exit 2; }
[[ -x $MODELSITE ]] || { echo "check.sh: no modelsite binary at $MODELSITE" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/modelsite-check-bench.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT
# The binary and what it reads, copied: a rebuild during the run cannot change what is measured.
SNAP=$WORK/snapshot
mkdir -p "$SNAP/content"
cp "$MODELSITE" "$SNAP/modelsite"
cp -r "$REPO/templates" "$REPO/locales" "$SNAP/"
cp -r "$REPO/content/endpoints" "$SNAP/content/"
ln -s "$REPO/node_modules" "$SNAP/node_modules"
RAW=$WORK/raw.tsv
printf 'models\tkind\trun\twall_s\tcpu_s\tpeak_kib\tload1\tsnippets\tran\tmodelsite_cpu_s\truntimes_cpu_s\n' > "$RAW"
JOBS_ARG=()
[[ -n ${JOBS:-} ]] && JOBS_ARG=(--jobs "$JOBS")

timed() {  # timed N KIND RUN: one check, its figures appended to raw.tsv
  local n=$1 kind=$2 run=$3 site=$WORK/site-$1 load
  load=$(cut -d' ' -f1 /proc/loadavg)
  sync
  $TIME -o "$WORK/time" -f '%e %U %S %M' "$SNAP/modelsite" check --root "$site" "${JOBS_ARG[@]}" \
    --report "$WORK/report-$n-$kind-$run.json" > "$WORK/log-$n-$kind-$run" 2>&1 \
    || { tail -n 20 "$WORK/log-$n-$kind-$run" >&2; echo "check.sh: the check failed" >&2; exit 1; }
  read -r wall user sys peak < "$WORK/time"
  python3 - "$WORK/report-$n-$kind-$run.json" "$n" "$kind" "$run" "$wall" "$user" "$sys" "$peak" "$load" >> "$RAW" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
n, kind, run, wall, user, sys_, peak, load = sys.argv[2:]
total = len(r["snippets"])
ran = sum(1 for s in r["snippets"] if not s["cached"])
cpu = r.get("cpu_seconds", {})
print("\t".join([n, kind, run, wall, f"{float(user) + float(sys_):.2f}", peak, load, str(total), str(ran),
                 f"{cpu.get('modelsite', 0):.2f}", f"{cpu.get('runtimes', 0):.2f}"]))
PY
}

for n in $MODELS; do
  echo "== $n models" >&2
  python3 "$SHARED_BENCH/make_catalog.py" --models "$n" --seed 42 --out "$WORK/catalog-$n.json" > /dev/null
  python3 "$REPO/bench/to_modelsite.py" "$WORK/catalog-$n.json" "$WORK/site-$n" --force --repo "$SNAP" > /dev/null
  ln -sfn "$REPO/node_modules" "$WORK/site-$n/node_modules"
  # The model whose data the one-model run edits: the middle one in sorted order.
  edit=$(find "$WORK/site-$n/content/models" -name '*.json' | LC_ALL=C sort | awk -v n="$n" 'NR == int((n + 1) / 2)')
  for run in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/site-$n/.modelsite-cache"
    timed "$n" cold "$run"
    timed "$n" warm "$run"
    python3 - "$edit" "$run" <<'PY'
import json, sys
path, run = sys.argv[1], sys.argv[2]
m = json.load(open(path))
m["example"] = {"prompt": f"A prompt edited by the benchmark, run {run}."}
json.dump(m, open(path, "w"), indent=2)
PY
    timed "$n" one-edit "$run"
  done
done

python3 - "$RAW" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
print("| models | check | wall s | CPU s | peak MiB | snippets | ran | modelsite CPU s (mock + checker) | runtimes CPU s | load avg | runs |")
print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
seen = []
for r in rows:
    if (r["models"], r["kind"]) not in seen: seen.append((r["models"], r["kind"]))
for n, kind in seen:
    g = [r for r in rows if r["models"] == n and r["kind"] == kind]
    med = lambda k: statistics.median(float(r[k]) for r in g)
    print(f"| {n} | {kind} | {med('wall_s'):.2f} | {med('cpu_s'):.2f} | {med('peak_kib') / 1024:.0f} | {g[0]['snippets']} | "
          f"{med('ran'):.0f} | {med('modelsite_cpu_s'):.2f} | {med('runtimes_cpu_s'):.2f} | {med('load1'):.2f} | {len(g)} |")
PY
