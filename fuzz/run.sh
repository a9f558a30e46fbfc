#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ (or $BUILD_FUZZ) and fuzzes each for
# SECONDS (default 30) from its committed corpus, JOBS at a time (default 1). libFuzzer first
# replays the whole committed corpus, so every input committed there (regression cases included)
# runs each time. New inputs go to a temporary folder (the committed corpus is only read unless
# MERGE=1, which merges what was found into fuzz/corpus/<target>/, minimised); a crash leaves its
# input in build-fuzz/artifacts/, names it, and fails the run. SEED (default 1) seeds libFuzzer's
# random mutations: with one seed, a longer run explores a superset of what a shorter one does, so
# a 30 s run with seed 1 (what CI does) finds nothing that a 10-minute run with seed 1 did not.
# SEED=0 lets libFuzzer pick a new seed each run (for exploring by hand).
#   fuzz/run.sh [SECONDS] [TARGET...]
#   fuzz/run.sh --build-only [TARGET...]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_FUZZ:-$src/build-fuzz}
all=(json_source site_config locale markdown multipart mock_request literals)
build_only=0
if [[ "${1:-}" == "--build-only" ]]; then build_only=1; shift; seconds=0; else seconds=${1:-30}; shift || true; fi
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")
jobs=${JOBS:-1}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [[ ! -f "$build/build.ninja" ]]; then
  CC=clang CXX=clang++ cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMODELSITE_FUZZ=ON \
    -DBUILD_TESTING=OFF "${launcher[@]}" >/dev/null
fi
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}"
((build_only)) && exit 0
mkdir -p "$build/artifacts"
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run_one() {
  local t=$1
  mkdir -p "$work/$t"
  # 0 seconds: replay the committed corpus only (every input once, then stop).
  local limit=(-max_total_time="$seconds")
  ((seconds > 0)) || limit=(-runs=0)
  if "$build/fuzz/fuzz_$t" "${limit[@]}" -seed="${SEED:-1}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/artifacts/$t-" "$work/$t" "$src/fuzz/corpus/$t" >"$work/$t.log" 2>&1; then
    echo "fuzz $t: ok, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$') runs in $seconds s"
  else
    echo "fuzz $t: FAILED"
    tail -60 "$work/$t.log"
    grep -o 'Test unit written to .*' "$work/$t.log" | sed 's/^Test unit written to /fuzz '"$t"': artifact /' || true
    return 1
  fi
  if [[ "${MERGE:-0}" == 1 ]]; then
    "$build/fuzz/fuzz_$t" -merge=1 "$src/fuzz/corpus/$t" "$work/$t" >/dev/null 2>&1
  fi
}
passed=0 failed=0
for ((i = 0; i < ${#targets[@]}; i += jobs)); do
  pids=()
  for t in "${targets[@]:i:jobs}"; do run_one "$t" > "$work/$t.result" 2>&1 & pids+=($!); done
  for k in "${!pids[@]}"; do
    t=${targets[i + k]}
    if wait "${pids[k]}"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    cat "$work/$t.result"
  done
done
echo "$passed passed, $failed failed"
((failed == 0))
