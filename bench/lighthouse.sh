#!/bin/sh
# Lighthouse (npm lighthouse, a dev dependency) with Debian's Chromium, mobile settings (the
# default), on pages of a built site served at BASE_URL; prints the four category scores and the
# performance metrics of each page, and keeps each JSON report in OUT_DIR.
#
#   python3 -m http.server 8765 -d SITE &   # any static server
#   bench/lighthouse.sh http://127.0.0.1:8765 /tmp/lighthouse en/models/ en/pricing/ en/
set -eu
base=$1; out=$2; shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
for page in "$@"; do
  name=$(printf '%s' "$page" | tr '/' '_')
  CHROME_PATH=${CHROMIUM:-/usr/bin/chromium} "$here/node_modules/.bin/lighthouse" "$base/$page" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" --output=json --output-path="$out/$name.json" >/dev/null 2>&1 \
    || { echo "$page: lighthouse failed" >&2; continue; }
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const c = r.categories, a = r.audits;
    const s = (k) => Math.round(c[k].score * 100);
    console.log(`${process.argv[2]}: performance ${s("performance")}, accessibility ${s("accessibility")}, best practices ${s("best-practices")}, SEO ${s("seo")}; ` +
      `FCP ${a["first-contentful-paint"].displayValue}, LCP ${a["largest-contentful-paint"].displayValue}, TBT ${a["total-blocking-time"].displayValue}, ` +
      `CLS ${a["cumulative-layout-shift"].displayValue}, DOM ${a["dom-size"].displayValue}`);
  ' "$out/$name.json" "$page"
done
