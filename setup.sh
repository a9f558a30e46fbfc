#!/usr/bin/env bash
# Installs what modelsite needs (Debian packages, npm packages from package-lock.json), then
# configures and builds it into build/. Idempotent: when everything is there it only checks.
#   ./setup.sh           dependencies + build
#   ./setup.sh --bench   also the packages the benchmark needs (hugo)
set -euo pipefail
cd "$(dirname "$0")"

packages=(g++ cmake ninja-build pkg-config
          libcmark-gfm-dev libcmark-gfm-extensions-dev nlohmann-json3-dev libicu-dev
          libkainjow-mustache-dev libcpp-httplib-dev libjemalloc-dev libtomlplusplus-dev catch2
          curl python3 ca-certificates chromium fonts-noto-core fonts-noto-cjk
          clang libclang-rt-14-dev)
[[ "${1:-}" == "--bench" ]] && packages+=(hugo time)

# Node.js 18+ with npm may come from Debian or another source; only install it when missing.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
# The Python snippets need `requests` in the python3 on PATH.
python3 -c 'import requests' >/dev/null 2>&1 || packages+=(python3-requests)

missing=()
installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${packages[@]}" 2>/dev/null || true)
for p in "${packages[@]}"; do
  # Fixed-string match: package names such as g++ are not regular expressions.
  awk -v p="$p" '$1 == p && $2 == "ii" { found = 1 } END { exit !found }' <<<"$installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages; install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 18)); then
  echo "setup: Node.js 18 or newer is needed (found $(node --version))" >&2
  exit 2
fi

# npm packages, exactly as locked; reinstalled only when the lock file changes.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f node_modules/.modelsite-lock || "$(cat node_modules/.modelsite-lock)" != "$lock_hash" ]]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > node_modules/.modelsite-lock
fi

# Configure once, then build incrementally.
if [[ ! -f build/build.ninja ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build >&2
