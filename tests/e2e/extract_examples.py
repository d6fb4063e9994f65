#!/usr/bin/env python3
"""Extracts the command examples of the user guide as a bash script for tests/e2e/test_examples.sh.

Usage: extract_examples.py PAGE.md…   (prints the script on stdout)

What counts as an example, and the markers a page may carry (HTML comments, invisible when the
page is read), are documented in docs/guide/README.md ("Examples that run"):

  ```cron blocks       each line's command (after the five time fields) runs like a sh line;
                       `/srv/shequ` (the office folder the cron lines cd to) is the page's folder.
  ```sh blocks         every command in them runs, in page order; a backslash joins lines, and so
                       does a compound command (for … done) until it is complete; blank
                       and comment lines are skipped. In a block with `$ ` lines (a transcript),
                       only those lines are commands, the rest is their output.
  <!-- examples: sample -->   from here the page works on a fresh `shequ init --sample`
  <!-- examples: fresh -->    … on a fresh `shequ init` (an empty data file)
  <!-- examples: empty -->    … in an empty folder, no data file (the page runs init itself)
  <!-- examples: server -->   … on the test server ($SHEQU_TEST_PG), in an empty folder: the page's
                              URL postgresql:///shequ becomes the test server's and its communities
                              (ningkangyuan, xingfuli, heping) this run's own; without a server
                              the examples are counted and reported as skipped
  <!-- examples: none -->     the page's examples do not run here (building, packaging)
                              A page without a marker before its first block starts as `sample`.
                              A marker later in the page starts that state again (alternatives).
  <!-- example: exit N -->    every command of the next block is expected to exit with N
  <!-- example: skip WHY -->  the next block does not run; WHY says why (the reader's own files,
                              a script's text, a known bug named by its issue)
  <!-- example: file NAME --> the next block (csv, toml…) is written to NAME before later commands
  <!-- example: append NAME --> … added to the end of NAME (a second part of one settings file)
  <!-- example: folder NAME --> the folder NAME exists from here on (the reader's own: an office
                              share, an inbox); it applies at once and keeps any pending marker
  <!-- example: build NAME -->  NAME is a build folder the reader has built (cmake -B NAME):
                              the test links its own build tree there; it applies at once too
"""
import re
import shlex
import subprocess
import sys

MARK_STATE = re.compile(r"<!--\s*examples:\s*(sample|fresh|empty|server|none)\b[^>]*-->")
MARK_NEXT = re.compile(r"<!--\s*example:\s*(exit\s+(\d+)|skip\b:?\s*([^>]*?)|(file|append)\s+(\S+))\s*-->")
MARK_FOLDER = re.compile(r"<!--\s*example:\s*(folder|build)\s+(\S+)\s*-->")
FENCE = re.compile(r"^(\s*)```\s*([A-Za-z0-9_-]*)\s*$")


def complete(text):
    """Whether `text` is whole shell syntax (a `for … do` line is not, until its `done`)."""
    return subprocess.run(["bash", "-n"], input=text, text=True, capture_output=True).returncode == 0


def commands(block):
    """The commands of one sh block, each as one line with its continuations joined."""
    transcript = any(l.startswith("$ ") for l in block)
    out, cur, at = [], None, 0
    for n, line in enumerate(block):
        if cur is None:
            at = n
            if transcript:
                if not line.startswith("$ "):
                    continue
                line = line[2:]
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cur = line.rstrip()
        else:
            cur += "\n" + line.rstrip()
        if cur.endswith("\\") or not complete(cur):
            continue
        out.append((at, cur))
        cur = None
    if cur is not None:
        out.append((at, cur))
    return out


CRON_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*=")


def cron_commands(block):
    """The commands of a crontab block: each line's command after its five time fields, with
    cron's `\\%` read as `%` and the block's variable lines (SHEQU_CONFIG=…) exported first."""
    out, env = [], []
    for n, line in enumerate(block):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if CRON_ENV.match(line):
            env.append("export " + line.strip() + ";")
            continue
        fields = line.split(None, 5)
        if len(fields) < 6:
            continue
        out.append((n, " ".join(env + [fields[5].replace("\\%", "%")])))
    return out


def extract(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    emit = [f"page {shlex.quote(path)}"]
    state_given = False
    pending = None  # ("exit", N) | ("skip",) | ("file", NAME)
    i = 0
    while i < len(lines):
        line = lines[i]
        m = MARK_STATE.search(line)
        if m:
            emit.append(f"state {m.group(1)}")
            state_given = True
        m = MARK_FOLDER.search(line)
        if m:
            if not state_given:
                emit.append("state sample")
                state_given = True
            emit.append(f"{m.group(1)}_folder {shlex.quote(m.group(2))}")
        m = MARK_NEXT.search(line)
        if m:
            if m.group(2):
                pending = ("exit", m.group(2))
            elif m.group(5):
                pending = (m.group(4), m.group(5))
            else:
                pending = ("skip", m.group(3))
        f = FENCE.match(line)
        if not f:
            i += 1
            continue
        indent, lang = f.group(1), f.group(2)
        start = i + 1
        j = start
        while j < len(lines) and not re.match(r"^\s*```\s*$", lines[j]):
            j += 1
        block = [l[len(indent):] if l.startswith(indent) else l for l in lines[start:j]]
        i = j + 1
        if not state_given:
            emit.append("state sample")
            state_given = True
        what, pending = pending, None
        if what and what[0] == "skip":
            emit.append(f"skipped {shlex.quote(f'{path}:{start}')} {shlex.quote(what[1])}")
            continue
        if what and what[0] in ("file", "append"):
            body = "\n".join(block) + "\n"
            tag = "__SHEQU_EXAMPLE_FILE__"
            emit.append(f"{what[0]}_file {shlex.quote(what[1])} <<'{tag}'\n{body}{tag}")
            continue
        rc = what[1] if what else "0"
        if lang == "cron":
            found = cron_commands(block)
        elif lang in ("sh", "bash", "console"):
            found = commands(block)
        else:
            continue
        for at, cmd in found:
            where = f"{path}:{start + at + 1}"
            emit.append(f"example {shlex.quote(where)} {rc} {shlex.quote(cmd)}")
    return emit


def main():
    for path in sys.argv[1:]:
        print("\n".join(extract(path)))


if __name__ == "__main__":
    main()
