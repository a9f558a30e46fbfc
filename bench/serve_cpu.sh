#!/usr/bin/env bash
# CPU time of `modelsite serve` per rebuild after a one-model prose edit: the serve process's own
# user + system time (from /proc/PID/stat) over N rebuilds, after one rebuild that is not counted.
# CPU time, unlike wall time, stays meaningful on a machine that other work shares.
#   bench/serve_cpu.sh BINARY SITE_ROOT [N=10]
# SITE_ROOT: a generated site (make_catalog.py + bench/to_modelsite.py); its serve folder is reset.
set -euo pipefail
bin=$1 site=$2 n=${3:-10}
log=$(mktemp)
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
rm -rf "$site/.modelsite-cache/serve"
"$bin" serve --root "$site" --port 0 >"$log" 2>&1 &
pid=$!
until grep -q "on http" "$log"; do sleep 0.2; done
prose=$(find "$site/content/models" -name '*.md' | sort | sed -n "$(( $(find "$site/content/models" -name '*.md' | wc -l) / 2 ))p")
rebuilds() { grep -c '^rebuilt' "$log" || true; }
edit() {
  local before; before=$(rebuilds)
  echo "Edited $1." >>"$prose"
  until [ "$(rebuilds)" -gt "$before" ]; do sleep 0.05; done
}
edit warm-up
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
a=$(cpu)
for i in $(seq "$n"); do edit "$i"; done
b=$(cpu)
echo "$(( (b - a) * 1000 / $(getconf CLK_TCK) / n )) ms CPU per rebuild over $n rebuilds; last: $(grep '^rebuilt' "$log" | tail -1)"
