#!/usr/bin/env python3
"""List pages at real scale: a 5,000-model catalog (make_catalog.py --models 5000 --seed 42,
converted by bench/to_modelsite.py as bench/run.sh does) built in one locale, then:

  - every list page (home, every page of catalog, pricing, deprecations, endpoints) <= 500 KB;
  - the lists have exactly the expected pages, 50 rows each, and the pager links them
    (rel=prev/next in the head and in the pager, no page past the last);
  - sitemap.xml is one file within the protocol's limits and lists every page exactly once;
  - every pricing page's chart has labels that stay inside the plot and overlap no other;
  - the pages with a pager are valid HTML (tests/browser/validate_html.mjs on a copy of them).

    python3 tests/scale/list_pages.py --modelsite build/modelsite [--models 5000] [--keep DIR]

The shared bench folder (make_catalog.py) is SHARED_BENCH, else ../shared/bench beside the
repository or beside the main checkout of this worktree. Exit 0 when every check passes.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chart_labels  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIMIT = 500 * 1000
PER_PAGE = 50
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL: " + what)


def shared_bench():
    candidates = [os.environ.get("SHARED_BENCH", ""), os.path.join(REPO, "..", "shared", "bench")]
    common = subprocess.run(["git", "-C", REPO, "rev-parse", "--path-format=absolute", "--git-common-dir"],
                            capture_output=True, text=True).stdout.strip()
    if common:
        candidates.append(os.path.join(os.path.dirname(common), "..", "shared", "bench"))
    for c in candidates:
        if c and os.path.isfile(os.path.join(c, "make_catalog.py")):
            return c
    sys.exit("error: no make_catalog.py found (set SHARED_BENCH)")


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("error: %s exited %d\n%s%s" % (" ".join(cmd), r.returncode, r.stdout[-2000:], r.stderr[-4000:]))
    return r


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def list_pages(out, first, pages):
    return [os.path.join(out, first, "index.html")] + [os.path.join(out, first, "page", str(n), "index.html") for n in range(2, pages + 1)]


def check_list(out, first, rows, row_pattern):
    pages = max(1, -(-rows // PER_PAGE))
    files = list_pages(out, first, pages)
    for n, f in enumerate(files, 1):
        if not os.path.isfile(f):
            check(False, "%s: missing" % f)
            continue
        html = read(f)
        size = os.path.getsize(f)
        check(size <= LIMIT, "%s: %d bytes > %d" % (f, size, LIMIT))
        want = min(PER_PAGE, rows - (n - 1) * PER_PAGE) if rows else 0
        got = len(re.findall(row_pattern, html))
        check(got == want, "%s: %d rows, expected %d" % (f, got, want))
        if pages > 1:
            # Links are relative to the site root, as every link of the site.
            root = "../" * (2 if n == 1 else 4)
            href = lambda k: root + "en/" + first + "/" + ("" if k == 1 else "page/%d/" % k)
            check(('<a rel="prev" href="%s">' % href(n - 1) in html) == (n > 1), "%s: pager's previous link" % f)
            check(('<a rel="next" href="%s">' % href(n + 1) in html) == (n < pages), "%s: pager's next link" % f)
            nav = html[html.find('<nav class="pager"'):]
            nav = nav[:nav.find("</nav>")]
            # The first and last pages and two on each side of this one; a gap ("…") for two or
            # more pages left out, the page itself for one.
            shown = sorted({1, pages} | set(range(max(1, n - 2), min(pages, n + 2) + 1)))
            want_items, last = [], 0
            for k in shown:
                if k - last == 2:
                    want_items.append(k - 1)
                elif k - last > 2:
                    want_items.append(None)
                want_items.append(k)
                last = k
            got_items = [None if m.group(1) is None else m.group(1)
                         for m in re.finditer(r'<li(?: aria-hidden="true">…| ?>\s*<a href="([^"]*)")', nav)]
            check(got_items == [None if k is None else href(k) for k in want_items],
                  "%s: the pager's links %r, expected pages %r" % (f, got_items, want_items))
            check(nav.count('aria-current="page"') == 1 and '<a href="%s" aria-current="page">' % href(n) in nav,
                  "%s: the pager marks this page as current" % f)
            check(('<link rel="next" href="https://catalog.example.com/en/%s/page/%d/">' % (first, n + 1) in html) == (n < pages),
                  "%s: <link rel=next>" % f)
    check(not os.path.exists(os.path.join(out, first, "page", str(pages + 1))), "%s: a page past the last" % first)
    return files, pages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modelsite", required=True)
    ap.add_argument("--models", type=int, default=5000)
    ap.add_argument("--keep", help="build here and keep it (default: a temporary folder)")
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="modelsite-scale-")
    os.makedirs(work, exist_ok=True)
    try:
        bench = shared_bench()
        catalog = os.path.join(work, "catalog.json")
        root = os.path.join(work, "site-root")
        out = os.path.join(work, "out")
        run([sys.executable, os.path.join(bench, "make_catalog.py"), "--models", str(args.models), "--seed", "42", "--out", catalog])
        run([sys.executable, os.path.join(REPO, "bench", "to_modelsite.py"), catalog, root, "--force", "--repo", REPO])
        # One locale keeps the test's time and disk use bounded; list pages are per locale.
        site_json = os.path.join(root, "site.json")
        text = re.sub(r'"locales"\s*:\s*\[[^\]]*\]', '"locales": ["en"]', read(site_json))
        with open(site_json, "w", encoding="utf-8") as f:
            f.write(text)
        shutil.rmtree(out, ignore_errors=True)
        run([args.modelsite, "build", "--no-check", "--root", root, "--out", out, "--jobs", "2"])

        models = len([f for d, _, fs in os.walk(os.path.join(root, "content", "models")) for f in fs if f.endswith(".json")])
        check(models == args.models, "%d models converted, expected %d" % (models, args.models))
        en = os.path.join(out, "en")
        home = os.path.join(en, "index.html")
        check(os.path.getsize(home) <= LIMIT, "%s: %d bytes > %d" % (home, os.path.getsize(home), LIMIT))
        validate = [home]
        total_pages = 0
        dep_rows = len(re.findall(r'"status":\s*"(deprecated|retired)"|"(deprecated_on|retired_on)"',
                                  "".join(read(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(root, "content", "models"))
                                          for f in fs if f.endswith(".json"))))
        for first, rows, pattern in [("models", models, r'<tr data-provider='), ("pricing", models, r'<tr>\s*<th scope="row">'),
                                     ("deprecations", dep_rows, r'<tr>\s*<th scope="row">'),
                                     ("endpoints", models, r'<tr><th scope="row">')]:
            files, pages = check_list(en, first, rows, pattern)
            total_pages += pages
            validate += files[:2] + files[-1:]

        sitemap = read(os.path.join(out, "sitemap.xml"))
        urls = re.findall(r"<loc>([^<]*)</loc>", sitemap)
        check(sitemap.count("<url>") == 1 + total_pages + models, "sitemap: %d URLs, expected %d" % (sitemap.count("<url>"), 1 + total_pages + models))
        check(len(set(urls)) == len(urls), "sitemap: a URL listed twice")
        check(len(urls) <= 50000 and len(sitemap.encode()) <= 52428800, "sitemap past the protocol's limits")
        check(not os.path.exists(os.path.join(out, "sitemap-1.xml")), "sitemap split below the limits")
        last = -(-args.models // PER_PAGE)
        check("https://catalog.example.com/en/models/page/%d/" % last in urls, "sitemap: last catalog page")

        charts, chart_failures = chart_labels.check_site(out)
        check(charts == -(-models // PER_PAGE), "%d pricing charts, expected one per pricing page" % charts)
        for f in chart_failures:
            check(False, f)

        # html-validate on the pages with a pager (a copy, so the validator reads only those).
        copy = os.path.join(work, "validate")
        shutil.rmtree(copy, ignore_errors=True)
        for f in sorted(set(validate)):
            dest = os.path.join(copy, os.path.relpath(f, out))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(f, dest)
        r = subprocess.run(["node", os.path.join(REPO, "tests", "browser", "validate_html.mjs"), copy], capture_output=True, text=True)
        print(r.stdout[-3000:], end="")
        check(r.returncode == 0, "html-validate failed on the list pages\n" + r.stderr[-2000:])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
