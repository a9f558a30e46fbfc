#!/usr/bin/env bash
# Builds modelsite and its unit and site tests with AddressSanitizer and UndefinedBehaviorSanitizer
# into build-asan/ (beside build/), then runs them: every test, and every modelsite process the
# tests start, stops at the first finding. Usage: tests/sanitize.sh [SOURCE_DIR [BUILD_DIR]]
set -euo pipefail
src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
build=${2:-$src/build-asan}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMODELSITE_SANITIZE=ON "${launcher[@]}" >/dev/null
fi
cmake --build "$build" -j2 --target modelsite modelsite_tests
export ASAN_OPTIONS=abort_on_error=0:halt_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$src/tests/lsan.supp
cd "$src"
"$build/tests/modelsite_tests" --order lex
