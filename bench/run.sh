#!/usr/bin/env bash
# modelsite vs Hugo on the same synthetic catalog.  One command:
#   bench/run.sh
# Environment (all optional):
#   MODELS="2000 10000"   catalog sizes (make_catalog.py --models N --seed 42)
#   RUNS=5                timed runs per tool and size; RUNS_<N>=k overrides it for size N (RUNS_10000=3)
#   SHARED_BENCH=DIR      folder with make_catalog.py and to_hugo.py (default: <repo>/../shared/bench)
#   MODELSITE=PATH        modelsite binary (default: <repo>/build/modelsite)
#   HUGO=PATH             hugo binary (default: hugo on PATH)
#   RESULTS=FILE          where to write the JSON results (default: bench/results.json)
#   SKIP_SETUP=1          do not run ../setup.sh --bench first
#   KEEP=1                keep the temporary folder (sites, outputs, logs, raw measurements)
# Temporary files go to ${TMPDIR:-/tmp}/modelsite-bench/run.XXXXXX and are removed on exit; they
# peak at about 0.35 MiB per model and timed run (14 GB for 10000 models with RUNS=3).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
MODELS=${MODELS:-"2000 10000"}
RUNS=${RUNS:-5}
SHARED_BENCH=${SHARED_BENCH:-$REPO/../shared/bench}
MODELSITE=${MODELSITE:-$REPO/build/modelsite}
HUGO=${HUGO:-hugo}
RESULTS=${RESULTS:-$BENCH_DIR/results.json}
TIME=/usr/bin/time
SEED=42

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# (a) dependencies: Hugo, GNU time, and an up-to-date modelsite build.
if [[ "${SKIP_SETUP:-0}" != 1 ]]; then
  log "ensuring dependencies: ./setup.sh --bench"
  (cd "$REPO" && ./setup.sh --bench) >&2 || die "./setup.sh --bench failed (set SKIP_SETUP=1 to use the tools as they are)"
fi
SHARED_BENCH=$(cd "$SHARED_BENCH" 2>/dev/null && pwd) || die "SHARED_BENCH folder not found"
[[ -f "$SHARED_BENCH/make_catalog.py" && -f "$SHARED_BENCH/to_hugo.py" ]] || die "no make_catalog.py/to_hugo.py in $SHARED_BENCH"
[[ -x "$MODELSITE" ]] || die "modelsite binary not found at $MODELSITE"
command -v "$HUGO" >/dev/null || die "hugo not found (run ./setup.sh --bench)"
[[ -x "$TIME" ]] || die "$TIME not found (apt-get install time, or ./setup.sh --bench)"
for n in $MODELS; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "MODELS must be positive integers, got '$n'"; done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"

BASE=${TMPDIR:-/tmp}/modelsite-bench
mkdir -p "$BASE"
WORK=$(mktemp -d "$BASE/run.XXXXXX")
cleanup() {
  local rc=$?
  if [[ -n "${EDIT_FILE:-}" && -f "${EDIT_BACKUP:-}" ]]; then cp "$EDIT_BACKUP" "$EDIT_FILE"; fi
  if [[ "${KEEP:-0}" == 1 ]]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
    rmdir "$BASE" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Snapshot the binary with the templates, locales and endpoint docs it goes with: colleagues may
# rebuild build/modelsite or edit templates/ while the benchmark runs.
SNAP=$WORK/snapshot
mkdir -p "$SNAP/content"
cp "$MODELSITE" "$SNAP/modelsite"
cp -r "$REPO/templates" "$REPO/locales" "$SNAP/"
cp -r "$REPO/content/endpoints" "$SNAP/content/"
MS_BIN=$SNAP/modelsite
MS_COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
MS_DIRTY=$([[ -n "$(git -C "$REPO" status --porcelain --untracked-files=no -- src templates locales CMakeLists.txt 2>/dev/null)" ]] && echo True || echo False)
MS_SHA=$(sha256sum "$MS_BIN" | cut -c1-12)

# Every full build writes into a fresh folder and the old ones are kept until the size is done:
# about 0.35 MiB per model and build (modelsite ~0.29, Hugo ~0.05).
for n in $MODELS; do
  v=RUNS_$n; need=$(( n * (${!v:-$RUNS} + 1) * 35 / 100 ))
  avail=$(df -Pm "$WORK" | awk 'NR == 2 {print $4}')
  (( avail > need + 1024 )) || log "warning: $n models need about $need MiB in $WORK, $avail MiB free"
done

RAW=$WORK/raw.tsv
META_STAGES=$WORK/stages.tsv   # size stage ms items (from the verbose warm-up build)
META_CHECKS=$WORK/checks.tsv   # size check value
echo "# size tool kind run wall_s user_s sys_s maxrss_kib load1_before" > "$RAW"
: > "$META_STAGES"
: > "$META_CHECKS"

# Runs a command under GNU time; appends "size tool kind run wall user sys maxrss" to RAW.
timed() {
  local size=$1 tool=$2 kind=$3 run=$4; shift 4
  local out=$WORK/time.txt logf=$WORK/$tool-$kind-$size-$run.log
  sync   # start every timed process with no pending write-back from the previous one
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if ! "$TIME" -f '%e %U %S %M' -o "$out" "$@" >"$logf" 2>&1; then
    tail -n 30 "$logf" >&2
    die "$tool $kind build failed (size $size, run $run): $*"
  fi
  if [[ "$tool" == modelsite ]] && grep -q ': error:' "$logf"; then
    grep ': error:' "$logf" | head -n 10 >&2
    die "modelsite reported errors (size $size, run $run)"
  fi
  local m
  m=$(tail -n 1 "$out")
  echo "$size $tool $kind $run $m $load" >> "$RAW"
  log "  $tool $kind #$run: $(awk '{printf "%.2f s wall, %.2f s cpu, %.0f MiB", $1, $2+$3, $4/1024}' <<<"$m")"
}

# Moves a folder out of the way into $TRASH (a rename, O(1)); the trash is deleted only when a size
# is done.  Deleting thousands of files right before a timed build makes ext4 slow at creating the
# new ones (the inode allocator skips recently freed inodes: +2 s sys time at 2000 models here).
TRASH_N=0
discard() {
  [[ -e "$1" ]] || return 0
  TRASH_N=$((TRASH_N + 1))
  mv -- "$1" "$TRASH/$TRASH_N"
}

# Moves away whatever a build left in the site root (caches), so every full build starts cold.
reset_root() {
  local root=$1 listing=$2 f
  while IFS= read -r f; do
    grep -qxF -- "$f" "$listing" || discard "${root:?}/$f"
  done < <(ls -A "$root")
}


for N in $MODELS; do
  runs_var=RUNS_$N
  runs=${!runs_var:-$RUNS}
  [[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "$runs_var must be a positive integer"
  log "== $N models, $runs runs =="
  D=$WORK/$N
  TRASH=$D/trash
  mkdir -p "$D" "$TRASH"
  python3 "$SHARED_BENCH/make_catalog.py" --models "$N" --seed "$SEED" --out "$D/catalog.json"
  python3 "$BENCH_DIR/to_modelsite.py" "$D/catalog.json" "$D/ms-site" --force --repo "$SNAP"
  python3 "$SHARED_BENCH/to_hugo.py" "$D/catalog.json" "$D/hugo-site" --force
  ls -A "$D/ms-site" > "$D/ms-root-listing"
  ls -A "$D/hugo-site" > "$D/hugo-root-listing"
  MS_OUT=$D/ms-out HUGO_OUT=$D/hugo-out
  MS_CMD=("$MS_BIN" build --no-check --root "$D/ms-site" --out "$MS_OUT")
  HUGO_CMD=("$HUGO" -s "$D/hugo-site" --quiet -d "$HUGO_OUT")

  # The model whose Markdown the one-edit rebuild changes: the middle one, deterministic.
  EDIT_FILE=$(find "$D/ms-site/content/models" -name '*.md' | LC_ALL=C sort | awk -v n="$N" 'NR == int((n + 1) / 2)')
  [[ -n "$EDIT_FILE" ]] || EDIT_FILE=$(find "$D/ms-site/content/models" -name '*.md' | LC_ALL=C sort | head -n 1)
  edit_rel=${EDIT_FILE#"$D/ms-site/content/models/"}
  EDIT_PAGE=$MS_OUT/en/models/${edit_rel%.md}/index.html
  EDIT_BACKUP=$WORK/edit-backup.md
  cp "$EDIT_FILE" "$EDIT_BACKUP"
  SENTENCE="This sentence was appended by the benchmark to measure a one-edit rebuild."

  # Untimed warm-ups (caches, page cache); modelsite's with --verbose for the stage times.
  log "warm-up"
  "${MS_CMD[@]}" --verbose > "$D/warmup-modelsite.log" 2>&1 \
    || { tail -n 30 "$D/warmup-modelsite.log" >&2; die "modelsite warm-up build failed"; }
  awk -v n="$N" '$2 ~ /^[0-9.]+$/ && $3 == "ms" { print n, $1, $2, $4 }' "$D/warmup-modelsite.log" >> "$META_STAGES"
  grep -E 'built [0-9]+ pages' "$D/warmup-modelsite.log" | sed "s/^/$N modelsite_built /" >> "$META_CHECKS" || true
  "${HUGO_CMD[@]}" > "$D/warmup-hugo.log" 2>&1 \
    || { tail -n 30 "$D/warmup-hugo.log" >&2; die "hugo warm-up build failed"; }
  {
    echo "$N modelsite_output_mib $(du -sm "$MS_OUT" | cut -f1)"
    echo "$N hugo_output_mib $(du -sm "$HUGO_OUT" | cut -f1)"
    echo "$N modelsite_files $(find "$MS_OUT" -type f | wc -l)"
    echo "$N hugo_files $(find "$HUGO_OUT" -type f | wc -l)"
  } >> "$META_CHECKS"

  for ((i = 1; i <= runs; i++)); do
    # modelsite: full build into an empty --out, with any cache it left in the root removed.
    discard "$MS_OUT"; reset_root "$D/ms-site" "$D/ms-root-listing"
    timed "$N" modelsite full "$i" "${MS_CMD[@]}"
    # The floor: copying that output with cp -r (the same files and folders, no work to make them).
    timed "$N" cp full "$i" cp -r "$MS_OUT" "$D/cp-copy-$i"
    discard "$D/cp-copy-$i"
    # The durable floor: the same copy flushed to the disk (sync -f, one syncfs of its file system),
    # the guarantee a build gives before it publishes (README, Reliability).
    timed "$N" cpsync full "$i" sh -c 'cp -r "$1" "$2" && sync -f "$2"' sh "$MS_OUT" "$D/cpsync-copy-$i"
    discard "$D/cpsync-copy-$i"
    # No-op rebuild: same --out, nothing changed.
    timed "$N" modelsite noop "$i" "${MS_CMD[@]}"
    # One-edit rebuild: append a sentence to one model's Markdown, rebuild, restore.
    printf '\n%s\n' "$SENTENCE" >> "$EDIT_FILE"
    timed "$N" modelsite edit "$i" "${MS_CMD[@]}"
    if grep -qF "$SENTENCE" "$EDIT_PAGE" 2>/dev/null; then echo "$N edit_visible_run$i yes" >> "$META_CHECKS"
    else log "  warning: the edited sentence is not in $EDIT_PAGE"; echo "$N edit_visible_run$i no" >> "$META_CHECKS"; fi
    cp "$EDIT_BACKUP" "$EDIT_FILE"
    # Hugo: full build into an empty destination.
    discard "$HUGO_OUT"; reset_root "$D/hugo-site" "$D/hugo-root-listing"
    timed "$N" hugo full "$i" "${HUGO_CMD[@]}"
  done
  EDIT_FILE=
  log "removing the outputs of $N models"
  rm -rf "$D"   # (RUNS + 1) outputs per tool: about 3 GB each for modelsite at 10000 models
  sync
done

# Metadata for the results: versions, machine, stage times.
python3 - "$WORK/meta.json" "$META_STAGES" "$META_CHECKS" <<EOF
import json, sys
stages, checks = {}, {}
for line in open(sys.argv[2], encoding="utf-8"):
    n, stage, ms, items = line.split()[:4]
    stages.setdefault(n, {})[stage] = {"ms": float(ms), "items": int(items)}
for line in open(sys.argv[3], encoding="utf-8"):
    n, key, *rest = line.split()
    checks.setdefault(n, {})[key] = " ".join(rest)
meta = {
    "date": "$(date -u +%F)",
    "machine": {"cores": $(nproc), "cpu": $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"),
                "mem_mib": $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)},
    "modelsite": {"version": $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$("$MS_BIN" --version 2>&1 | head -n 1)"),
                  "commit": "$MS_COMMIT",
                  "uncommitted_changes_in_src_templates_locales": $MS_DIRTY,
                  "binary_sha256_12": "$MS_SHA",
                  "cxx_flags": "$(grep -m1 -o 'FLAGS = .*' "$(dirname "$MODELSITE")/build.ninja" 2>/dev/null | cut -d' ' -f3- || true)"},
    "hugo": {"version": $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$("$HUGO" version 2>&1 | head -n 1)")},
    "models": [int(x) for x in "$MODELS".split()],
    "seed": $SEED,
    "method": "whole process under /usr/bin/time -f '%e %U %S %M'; one untimed warm-up per tool and size; "
              "modelsite and Hugo full builds alternate; medians",
    "modelsite_stages_warmup": stages,
    "checks": checks,
}
json.dump(meta, open(sys.argv[1], "w", encoding="utf-8"), indent=1)
EOF

echo
python3 "$BENCH_DIR/summarize.py" "$RAW" "$WORK/meta.json" "$RESULTS"
echo
log "wrote $RESULTS"
