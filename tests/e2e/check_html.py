#!/usr/bin/env python3
"""Checks that an html report is well-formed: every tag closed in order (html.parser), the
SVG charts parse as XML, nothing is loaded from outside the page. Exit 1 with the reason."""
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") or (value and "url(" in value):
                self.errors.append(f"external reference in <{tag} {name}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '(nothing)'}>")
        else:
            self.stack.pop()


text = open(sys.argv[1], encoding="utf-8").read()
c = Checker()
c.feed(text)
c.close()
if c.stack:
    c.errors.append("unclosed: " + ", ".join(c.stack))
if "<script" in text:
    c.errors.append("has a script")
svgs = re.findall(r"<svg.*?</svg>", text, flags=re.S)
for svg in svgs:
    try:
        ET.fromstring(svg)
    except ET.ParseError as e:
        c.errors.append(f"svg does not parse: {e}")
if c.errors:
    print("\n".join(c.errors), file=sys.stderr)
    sys.exit(1)
