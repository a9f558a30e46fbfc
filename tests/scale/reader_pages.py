#!/usr/bin/env python3
"""The readers' scripts at real scale: a 5,000-model catalog (make_catalog.py --models 5000
--seed 42, converted by bench/to_modelsite.py) built in the locales en and ar, then
tests/browser/catalog_scale.mjs and pricing_scale.mjs filter and sort its catalog and pricing
pages in Chromium. Also checks the
sizes of what the scripts load: each locale's list data, and that no search file passes 300 KB.

    python3 tests/scale/reader_pages.py --modelsite build/modelsite [--models 5000] [--keep DIR]

Exit 0 when every check passes.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from list_pages import REPO, read, run, shared_bench  # noqa: E402

SEARCH_FILE_LIMIT = 300 * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modelsite", required=True)
    ap.add_argument("--models", type=int, default=5000)
    ap.add_argument("--keep", help="build here and keep it (default: a temporary folder)")
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="modelsite-readers-")
    os.makedirs(work, exist_ok=True)
    failures = []
    try:
        bench = shared_bench()
        catalog = os.path.join(work, "catalog.json")
        root = os.path.join(work, "site-root")
        out = os.path.join(work, "out")
        run([sys.executable, os.path.join(bench, "make_catalog.py"), "--models", str(args.models), "--seed", "42", "--out", catalog])
        run([sys.executable, os.path.join(REPO, "bench", "to_modelsite.py"), catalog, root, "--force", "--repo", REPO])
        site_json = os.path.join(root, "site.json")
        text = re.sub(r'"locales"\s*:\s*\[[^\]]*\]', '"locales": ["en", "ar"]', read(site_json))
        with open(site_json, "w", encoding="utf-8") as f:
            f.write(text)
        shutil.rmtree(out, ignore_errors=True)
        run([args.modelsite, "build", "--no-check", "--root", root, "--out", out, "--jobs", "2"])
        for locale in ("en", "ar"):
            rows = os.path.getsize(os.path.join(out, locale, "models", "rows.json"))
            search = os.path.join(out, locale, "search")
            sizes = {f: os.path.getsize(os.path.join(search, f)) for f in os.listdir(search)}
            print("%s: rows.json %d bytes; search index %d bytes in %d files, largest %s (%d bytes)" % (
                locale, rows, sum(sizes.values()), len(sizes), max(sizes, key=sizes.get), max(sizes.values())))
            for f, n in sorted(sizes.items()):
                if n > SEARCH_FILE_LIMIT:
                    failures.append("%s/search/%s: %d bytes > %d" % (locale, f, n, SEARCH_FILE_LIMIT))
        for script in ("catalog_scale.mjs", "pricing_scale.mjs"):
            r = subprocess.run(["node", os.path.join(REPO, "tests", "browser", script), out])
            if r.returncode != 0:
                failures.append("tests/browser/%s exited %d" % (script, r.returncode))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL: " + f)
    print("reader pages: %s" % ("FAIL" if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
