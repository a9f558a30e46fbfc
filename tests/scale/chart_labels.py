#!/usr/bin/env python3
"""The pricing chart stays readable: in every pricing page of a built site, the label boxes
computed from the SVG (position, text-anchor, 11px monospace at 0.6em per character, as
templates/assets/style.css sets .chart .label) lie inside the plot and overlap no other label,
every dot is a link with a <title>, and every dot is inside the SVG's frame.

    python3 tests/scale/chart_labels.py SITE_DIR
"""
import glob
import html
import os
import re
import sys

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 400, 70, 20, 20, 50
FONT_PX, CHAR_PX = 11, 0.6 * 11


def label_boxes(svg):
    boxes = []
    for attrs, text in re.findall(r'<text class="label" ([^>]*)>([^<]*)</text>', svg):
        x = float(re.search(r'\bx="([-0-9.]+)"', attrs).group(1))
        y = float(re.search(r'\by="([-0-9.]+)"', attrs).group(1))
        w = len(html.unescape(text)) * CHAR_PX
        x0 = x - w if 'text-anchor="end"' in attrs else x
        boxes.append((html.unescape(text), x0, y - FONT_PX * 0.8, x0 + w, y + FONT_PX * 0.25))
    return boxes


def problems(svg):
    out = []
    boxes = label_boxes(svg)
    if not boxes:
        out.append("no label")
    for name, x0, y0, x1, y1 in boxes:
        if x0 < LEFT - 0.05 or x1 > WIDTH - RIGHT + 0.05 or y0 < TOP - 0.05 or y1 > HEIGHT - BOTTOM + 0.05:
            out.append("label %s leaves the plot" % name)
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i], boxes[j]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]:
                out.append("labels %s and %s overlap" % (a[0], b[0]))
    dots = re.findall(r'<a href="[^"]+"[^>]*><circle class="dot" cx="([-0-9.]+)" cy="([-0-9.]+)" r="6"><title>[^<]+</title></circle></a>', svg)
    if len(dots) != svg.count('<circle'):
        out.append("a dot without link or <title>")
    for cx, cy in dots:
        if not (6 <= float(cx) <= WIDTH - 6 and 6 <= float(cy) <= HEIGHT - 6):
            out.append("a dot leaves the frame at %s,%s" % (cx, cy))
    return out


def check_site(site):
    failures, charts = [], 0
    for f in sorted(glob.glob(os.path.join(site, "*", "pricing", "**", "index.html"), recursive=True)):
        with open(f, encoding="utf-8") as fh:
            page = fh.read()
        for svg in re.findall(r'<svg class="chart".*?</svg>', page, re.S):
            charts += 1
            failures += ["%s: %s" % (f, p) for p in problems(svg)]
    if charts == 0:
        failures.append("%s: no pricing chart found" % site)
    return charts, failures


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: chart_labels.py SITE_DIR")
    charts, failures = check_site(sys.argv[1])
    for f in failures:
        print("FAIL: " + f)
    print("%d charts, %d failure(s)" % (charts, len(failures)))
    sys.exit(1 if failures else 0)
