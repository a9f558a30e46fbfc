#!/usr/bin/env bash
# Times `modelsite import litellm` of the real LiteLLM cost map into a fresh site root, then
# `modelsite build --no-check` of that root, each as a whole process under GNU time; RUNS times
# each (fresh root per run), then a re-import of the unchanged file (nothing to write).
#   bench/import.sh                 5 runs
#   RUNS=3 bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
MODELSITE=${MODELSITE:-$repo/build/modelsite}
data=shared/data/litellm_model_prices_and_context_window.json
# ../shared from the main checkout, ../../shared from a worktree under wt/.
SOURCE=${SOURCE:-$( [[ -f $repo/../$data ]] && echo "$repo/../$data" || echo "$repo/../../$data")}
[[ -f $SOURCE ]] || { echo "bench/import.sh: no LiteLLM file at $SOURCE (set SOURCE)" >&2; exit 2; }
RUNS=${RUNS:-5}
[[ -x /usr/bin/time ]] || { echo "bench/import.sh: GNU time is needed (./setup.sh --bench)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/modelsite-import-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# A copy of the binary, so a rebuild during the run cannot change what is measured.
cp "$MODELSITE" "$tmp/modelsite"

fresh_root() {
  rm -rf "$tmp/root"
  mkdir -p "$tmp/root/content"
  cp -r "$repo/site.json" "$repo/locales" "$repo/templates" "$tmp/root/"
  cp -r "$repo/content/endpoints" "$tmp/root/content/"
}

# Prints "wall_s user_s sys_s max_rss_mib" for one command.
timed() {
  if ! /usr/bin/time -f '%e %U %S %M' -o "$tmp/t" "$@" >"$tmp/out" 2>"$tmp/err"; then
    cat "$tmp/err" >&2
    echo "failed"
    return
  fi
  awk '{ printf "%s %s %s %.0f\n", $1, $2, $3, $4 / 1024 }' "$tmp/t"
}

echo "what run wall_s user_s sys_s max_rss_mib"
for ((i = 1; i <= RUNS; ++i)); do
  fresh_root
  echo "import $i $(timed "$tmp/modelsite" import litellm "$SOURCE" --root "$tmp/root")"
  summary=$(tail -1 "$tmp/out")
  echo "build $i $(timed "$tmp/modelsite" build --root "$tmp/root" --no-check)"
  pages=$(tail -1 "$tmp/err")
  echo "reimport $i $(timed "$tmp/modelsite" import litellm "$SOURCE" --root "$tmp/root")"
done
echo "# $summary"
echo "# $pages"
