#!/usr/bin/env python3
"""Prints an html page to A4 PDF in headless Chromium and checks what came out.

usage: print_check.py HTML [--pages N | --max-pages N] [--text TEXT]... [--png DIR]

Checks, each reported on stderr with the file's name:
  - the PDF is A4 and has exactly N pages (or at most N);
  - every --text is in the PDF's text (pdftotext), so the Chinese glyphs were really printed;
  - nothing is wider than the page: in the PDF no word reaches into the right margin
    (pdftotext -bbox), and laid out 180 mm wide (A4 less its margins) no element sticks out
    (a copy of the page with a small script, read back with --dump-dom);
  - the running footer with "第 1 页" is on the first page.
Prints "PAGES <n>" on stdout. Exit 1 on a failed check, 2 if Chromium cannot run."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

A4_WIDTH_PT = 595.3
MARGIN_PT = 15 / 25.4 * 72  # the pages' left and right margins, 15 mm
CONTENT_PX = round(180 / 25.4 * 96)  # 180 mm at 96 px per inch

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]

PROBE = """<style>@media screen { body { max-width: none !important; margin: 0 !important; padding: 0 !important; } }</style>
<script>
(function () {
  var width = document.documentElement.clientWidth, bad = [];
  document.querySelectorAll('body *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) bad.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ends at ' + Math.round(r.right) + 'px');
  });
  if (document.documentElement.scrollWidth > width + 1) bad.unshift('page is ' + document.documentElement.scrollWidth + 'px wide');
  document.body.setAttribute('data-overflow', bad.length ? bad.slice(0, 6).join('; ') : 'none');
})();
</script>
"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_chromium(args, profile):
    cmd = [chromium()] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("html")
    ap.add_argument("--pages", type=int)
    ap.add_argument("--max-pages", type=int)
    ap.add_argument("--text", action="append", default=[])
    ap.add_argument("--png", help="also write page images (pdftoppm) into this folder")
    a = ap.parse_args()
    if not chromium():
        print("chromium not found", file=sys.stderr)
        return 2
    name = os.path.basename(a.html)
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "out.pdf")
        r = run_chromium(["--print-to-pdf=" + pdf, "--no-pdf-header-footer", "file://" + os.path.abspath(a.html)],
                         os.path.join(tmp, "p1"))
        if not os.path.exists(pdf):
            print(f"{name}: chromium wrote no PDF (exit {r.returncode}): {r.stderr[-500:]}", file=sys.stderr)
            return 2
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M)
        if abs(float(size.group(1)) - A4_WIDTH_PT) > 2:
            errors.append(f"page is {size.group(1)} pt wide, not A4")
        if a.pages is not None and pages != a.pages:
            errors.append(f"{pages} pages, expected {a.pages}")
        if a.max_pages is not None and pages > a.max_pages:
            errors.append(f"{pages} pages, expected at most {a.max_pages}")
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
        squeezed = re.sub(r"\s+", "", text)
        for t in a.text:
            if re.sub(r"\s+", "", t) not in squeezed:
                errors.append(f"the PDF's text lacks {t!r}")
        first = text.split("\f")[0]
        if not re.search(r"第\s*1\s*页|page 1 of", first):
            errors.append("no page number in the first page's footer")
        bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
        limit = A4_WIDTH_PT - MARGIN_PT + 3
        wide = [m.group(2) for m in re.finditer(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', bbox)
                if float(m.group(1)) > limit]
        if wide:
            errors.append(f"{len(wide)} words reach into the right margin, e.g. {wide[:5]}")
        if a.png:
            os.makedirs(a.png, exist_ok=True)
            base = os.path.join(a.png, os.path.splitext(name)[0])
            subprocess.run(["pdftoppm", "-png", "-r", "60", pdf, base], check=False)
        probe = os.path.join(tmp, "probe.html")
        html = open(a.html, encoding="utf-8").read()
        with open(probe, "w", encoding="utf-8") as f:
            f.write(html.replace("</body>", PROBE + "</body>"))
        r = run_chromium(["--dump-dom", f"--window-size={CONTENT_PX},1200", "--virtual-time-budget=3000",
                          "file://" + probe], os.path.join(tmp, "p2"))
        m = re.search(r'data-overflow="([^"]*)"', r.stdout)
        if not m:
            errors.append("the width check did not run: " + r.stderr[-300:])
        elif m.group(1) != "none":
            errors.append("wider than the page: " + m.group(1).replace("&gt;", ">"))
    print(f"PAGES {pages}")
    for e in errors:
        print(f"{name}: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
