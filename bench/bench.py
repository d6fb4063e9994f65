#!/usr/bin/env python3
"""The benchmarks behind bench/run.sh: each figure a median over RUNS runs, each ratio against a
baseline measured in the same run. Prints one table and writes bench/RESULTS.md (a run of some
sections only, ONLY=…, writes bench/RESULTS-<sections>.md and leaves the full table alone).

Environment: SHEQU (binary), RUNS (5), PERSONS (1000000: rows of the import benchmark),
SU_ROWS (200000: rows of the sqlite-utils comparison), DISTRICT_SCALE (100), CALLS (10: one-row
commands per run), BENCH_DIR (/tmp/shequ-bench: generated files and cached data files), ONLY
(comma list of sections: onerow,import,undo,district,server,timew,hledger,sqlite-utils).\nServer: COMMUNITIES (100), SERVER_PERSONS (100000), BENCH_PG (a server's URL; default: a local cluster).
"""
import datetime as dt
import hashlib
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHEQU = os.environ.get("SHEQU", os.path.join(ROOT, "build", "shequ"))
RUNS = int(os.environ.get("RUNS", "5"))
CALLS = int(os.environ.get("CALLS", "10"))
PERSONS = int(os.environ.get("PERSONS", "1000000"))
SU_ROWS = int(os.environ.get("SU_ROWS", "200000"))
SCALE = int(os.environ.get("DISTRICT_SCALE", "100"))
W = os.environ.get("BENCH_DIR", "/tmp/shequ-bench")
ONLY = set(filter(None, os.environ.get("ONLY", "").split(",")))
ENV = dict(os.environ, SHEQU_TODAY="2026-11-29", LANG="C.UTF-8", TZ="UTC", SHEQU_OPERATOR="bench")
for k in ("SHEQU_DB", "SHEQU_CONFIG"):
    ENV.pop(k, None)

rows = []  # (section, task, shequ, baseline name, baseline, ratio text, target, verdict)


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def want(section):
    return not ONLY or section in ONLY


def sh(cmd, **kw):
    """Runs a command (list), failing loudly; returns stdout."""
    r = subprocess.run(cmd, env=kw.pop("env", ENV), capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f"bench: {' '.join(map(str, cmd))[:200]} failed ({r.returncode}): {r.stderr[-800:]}")
    return r.stdout


def wall(cmd, **kw):
    t = time.perf_counter()
    sh(cmd, **kw)
    return time.perf_counter() - t


def timed(cmd):
    """Wall seconds and peak resident memory (MiB) of one command, by /usr/bin/time."""
    out = os.path.join(W, ".time")
    sh(["/usr/bin/time", "-o", out, "-f", "%e %M"] + cmd)
    e, m = open(out).read().split()[-2:]
    return float(e), int(m) / 1024


def ms(s):
    return f"{s * 1000:.1f} ms" if s < 10 else f"{s:.1f} s"


def add(section, task, value, base_name, base, target=None, unit=ms):
    ratio = value / base if base else None
    verdict = ""
    if target is not None and ratio is not None:
        verdict = "ok" if ratio <= target else "MISSED"
    rows.append((section, task, unit(value), base_name, unit(base) if base else "", f"{ratio:.2f}×" if ratio else "",
                 f"≤ {target}×" if target else "", verdict))


def fresh(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    shutil.copyfile(src, dst)


def generator_key(*extra):
    h = hashlib.sha256(open(os.path.join(HERE, "gen_sample.py"), "rb").read())
    for name in sorted(os.listdir(os.path.join(ROOT, "lib", "migrations", "sqlite"))):
        h.update(open(os.path.join(ROOT, "lib", "migrations", "sqlite", name), "rb").read())
    h.update(open(os.path.join(ROOT, "lib", "domain", "sample.cpp"), "rb").read())  # how `init --sample` loads it
    for x in extra:
        h.update(str(x).encode())
    return h.hexdigest()[:12]


def generate(scale, out, *flags):
    if os.path.exists(os.path.join(out, ".done")):
        return
    log(f"generating scale {scale} into {out}")
    t = time.perf_counter()
    sh([sys.executable, os.path.join(HERE, "gen_sample.py"), "--scale", str(scale), "--out", out, *flags])
    open(os.path.join(out, ".done"), "w").write(f"{time.perf_counter() - t:.1f}\n")


# ---- one-row commands against a bare sqlite3 INSERT process ----

def sample_file():
    """The bundled sample loaded by `init --sample`, cached per generator and schema version."""
    path = os.path.join(W, f"sample-{generator_key()}.sqlite")
    if not os.path.exists(path):
        sh([SHEQU, "--db", path, "init", "--sample"])
    return path


def onerow_commands(db, sample, uniq):
    """The one-row commands, on the data `db` names (["--db", FILE] or a server's community); the
    open case and the volunteer are the sample's (a server's community here is a copy of it)."""
    open_case = sh(["sqlite3", sample, "SELECT number FROM mediation_case WHERE status IN ('open', 'mediating') "
                                       "ORDER BY id LIMIT 1"]).strip()
    commands = {
        "grid add": lambda: [SHEQU, *db, "grid", "add", "--code", f"X-{uniq()}", "--name", "测试网格"],
        "person add": lambda: [SHEQU, *db, "person", "add", "--name", f"测试{uniq()}", "--household",
                               "1-1-101", "--gender", "F"],
        "case note": lambda: [SHEQU, *db, "case", "note", open_case, f"第{uniq()}次电话沟通"],
        "need add": lambda: [SHEQU, *db, "need", "add", "--title", f"3栋楼道灯不亮{uniq()}",
                             "--category", "facilities"],
    }
    if has_verb("volunteer", "log-hours"):
        commands["volunteer log-hours"] = volunteer_log_hours(db, sample, uniq)
    return commands


def counter():
    """Unique numbers for the records a run adds: a server's communities outlive the run."""
    n = [int(time.time()) % 1_000_000 * 1000]

    def uniq():
        n[0] += 1
        return n[0]
    return uniq


def per_call(commands, runs=RUNS):
    """Median seconds per call of each command (CALLS calls per run, RUNS runs, interleaved)."""
    samples = {name: [] for name in commands}
    for run in range(runs):
        for name, make in commands.items():
            t = 0.0
            for _ in range(CALLS):
                t += wall(make())
            samples[name].append(t / CALLS)
    return {name: statistics.median(v) for name, v in samples.items()}


def bench_onerow():
    sample = os.path.join(W, "sample.sqlite")
    fresh(sample_file(), sample)
    sh(["sqlite3", sample, "CREATE TABLE bare (id INTEGER PRIMARY KEY, name TEXT, phone TEXT)"])
    uniq = counter()
    commands = onerow_commands(["--db", sample], sample, uniq)
    baseline = lambda: ["sqlite3", sample, f"INSERT INTO bare (name, phone) VALUES ('测试{uniq()}', '13800000000')"]
    times = per_call({"sqlite3 INSERT": baseline, **commands})
    for name in commands:
        add("one-row command", f"shequ {name}", times[name], "sqlite3 FILE \"INSERT …\"", times["sqlite3 INSERT"], 1.1)
    return times.get("volunteer log-hours", times["need add"])


def has_verb(noun, verb):
    """Whether this build has `shequ NOUN VERB` (nouns land issue by issue)."""
    r = subprocess.run([SHEQU, "--lang", "en", noun, "--help"], env=ENV, capture_output=True, text=True)
    return r.returncode == 0 and any(line.split()[:1] == [verb] for line in r.stdout.splitlines()
                                     if line.startswith("  "))


def volunteer_log_hours(db, sample, uniq):
    out = sh([SHEQU, "--db", sample, "volunteer", "list", "--format", "csv", "--fields", "number"]).split()
    number = out[1] if len(out) > 1 else None
    if number is None:
        raise SystemExit("bench: the sample has no volunteers")

    def make():
        k = uniq()
        d = dt.date(2026, 1, 1) + dt.timedelta(days=k % 300)
        return [SHEQU, *db, "volunteer", "log-hours", number, "--date", d.isoformat(),
                "--minutes", "60", "--activity", f"楼道清洁{k}"]
    return make


# ---- import of persons against sqlite3 .import and sqlite-utils insert ----

def import_inputs():
    scale = math.ceil(PERSONS / 8700) + 1
    src = os.path.join(W, f"registry-{scale}-{generator_key()}")
    generate(scale, src, "--registry-only")
    csv_path = first_rows(os.path.join(src, "persons.csv"), os.path.join(W, f"persons-{PERSONS}.csv"), PERSONS)
    base = os.path.join(src, "base.sqlite")
    if not os.path.exists(base):
        log("building the import base file (grids, buildings, households)")
        tmp = base + ".tmp"
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(tmp + suffix):
                os.remove(tmp + suffix)
        sh([SHEQU, "--db", tmp, "init"])
        for kind in ("grids", "buildings", "households"):
            sh([SHEQU, "--db", tmp, "import", kind, os.path.join(src, kind + ".csv")])
        sh(["sqlite3", tmp, "PRAGMA wal_checkpoint(TRUNCATE)"])
        os.rename(tmp, base)
    return base, csv_path


def first_rows(csv_path, path, n):
    """path: the header and the first n rows of csv_path (made once)."""
    if not os.path.exists(path):
        with open(csv_path, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as o:
            for i, line in enumerate(f):
                if i > n:
                    break
                o.write(line)
    return path


def head(csv_path, n):
    return first_rows(csv_path, csv_path.replace(".csv", f"-{n}.csv"), n)


def timed_imports(base, csv_path, kind):
    """RUNS imports of csv_path into a copy of base, each beside sqlite3 .import of the same CSV
    into a bare table: the medians of both and the peak memory of each."""
    run_db, bare = os.path.join(W, f"import-{kind}.sqlite"), os.path.join(W, f"bare-{kind}.sqlite")
    ours, theirs = [], []
    for run in range(RUNS):
        fresh(base, run_db)
        for p in (bare, bare + "-wal"):
            if os.path.exists(p):
                os.remove(p)
        theirs.append(timed(["sqlite3", bare, ".import --csv " + csv_path + " " + kind]))
        ours.append(timed([SHEQU, "--db", run_db, "import", kind, csv_path]))
    return (statistics.median(t for t, _ in ours), statistics.median(t for t, _ in theirs),
            max(m for _, m in ours), max(m for _, m in theirs))


def bench_import():
    base, csv_path = import_inputs()
    t_ours, t_theirs, m_ours, m_theirs = timed_imports(base, csv_path, "persons")
    add("import", f"shequ import persons ({PERSONS:,} rows)", t_ours, "sqlite3 .import", t_theirs, 1.5)
    rows.append(("import", "peak memory of shequ import", f"{m_ours:.0f} MiB", "sqlite3 .import",
                 f"{m_theirs:.0f} MiB", "", "< 64 MiB", "ok" if m_ours < 64 else "MISSED"))
    rows.append(("import", "rows per second", f"{PERSONS / t_ours:,.0f}/s", "sqlite3 .import",
                 f"{PERSONS / t_theirs:,.0f}/s", "", "", ""))


HOURS = int(os.environ.get("HOURS", "1000000"))


def hours_inputs():
    """A district's volunteers, projects and teams in a file without entries, and HOURS entries of
    that district as CSV (the generator's, about 58,000 a scale)."""
    scale = math.ceil(HOURS / 58000) + 1
    src = os.path.join(W, f"district-{scale}-{generator_key()}")
    generate(scale, src)
    csv_path = first_rows(os.path.join(src, "hours.csv"), os.path.join(W, f"hours-{HOURS}.csv"), HOURS)
    base = os.path.join(src, "no-hours.sqlite")
    if not os.path.exists(base):
        log("building the hours import base file (the district without its entries)")
        bare_dir, tmp = src + "-no-hours", base + ".tmp"
        shutil.rmtree(bare_dir, ignore_errors=True)
        shutil.copytree(src, bare_dir)
        with open(os.path.join(src, "hours.csv"), encoding="utf-8") as f:
            header = f.readline()
        open(os.path.join(bare_dir, "hours.csv"), "w", encoding="utf-8").write(header)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(tmp + suffix):
                os.remove(tmp + suffix)
        sh([SHEQU, "--db", tmp, "init", "--sample", "--sample-dir", bare_dir])
        sh(["sqlite3", tmp, "PRAGMA wal_checkpoint(TRUNCATE)"])
        os.rename(tmp, base)
    return base, csv_path


def bench_import_hours():
    """HOURS service entries into the district's volunteers: every rule checked (daily cap, no
    overlap, references), against sqlite3 .import of the same CSV into a bare table."""
    base, csv_path = hours_inputs()
    t_ours, t_theirs, m_ours, m_theirs = timed_imports(base, csv_path, "hours")
    add("import", f"shequ import hours ({HOURS:,} entries)", t_ours, "sqlite3 .import", t_theirs, 4.0)
    rows.append(("import", "peak memory of shequ import hours", f"{m_ours:.0f} MiB", "sqlite3 .import",
                 f"{m_theirs:.0f} MiB", "", "< 64 MiB", "ok" if m_ours < 64 else "MISSED"))


UNDO_ROWS = 50_000


def bench_undo():
    """Undo of a 50,000-row persons import against the import itself (SPEC: ≤ 3× time and memory)."""
    base, csv_path = import_inputs()
    part = head(csv_path, UNDO_ROWS)
    run_db = os.path.join(W, "undo.sqlite")
    imports, undos = [], []
    for run in range(RUNS):
        fresh(base, run_db)
        imports.append(timed([SHEQU, "--db", run_db, "import", "persons", part]))
        undos.append(timed([SHEQU, "--db", run_db, "undo"]))
    t_imp, t_undo = statistics.median(t for t, _ in imports), statistics.median(t for t, _ in undos)
    m_imp, m_undo = statistics.median(m for _, m in imports), statistics.median(m for _, m in undos)
    add("undo", f"shequ undo of an import of {UNDO_ROWS:,} persons", t_undo, "the import", t_imp, 3)
    rows.append(("undo", "peak memory of that undo", f"{m_undo:.0f} MiB", "the import", f"{m_imp:.0f} MiB",
                 f"{m_undo / m_imp:.2f}×", "≤ 3×", "ok" if m_undo <= 3 * m_imp else "MISSED"))


def bench_sqlite_utils():
    base, csv_path = import_inputs()
    part = head(csv_path, SU_ROWS)
    run_db, su = os.path.join(W, "import.sqlite"), os.path.join(W, "su.sqlite")
    ours, theirs = [], []
    for run in range(max(1, RUNS // 2)):
        fresh(base, run_db)
        if os.path.exists(su):
            os.remove(su)
        theirs.append(timed(["sqlite-utils", "insert", su, "persons", part, "--csv"]))
        ours.append(timed([SHEQU, "--db", run_db, "import", "persons", part]))
    add("vs sqlite-utils", f"import {SU_ROWS:,} persons", statistics.median(t for t, _ in ours),
        "sqlite-utils insert --csv", statistics.median(t for t, _ in theirs), 1.0)


# ---- timewarrior: one entry per command, and the summary ----

def bench_timew(onerow):
    db = os.path.join(W, "timew")
    shutil.rmtree(db, ignore_errors=True)
    os.makedirs(os.path.join(db, "data"))
    open(os.path.join(db, "timewarrior.cfg"), "w").write("verbose = off\nconfirmation = off\n")
    env = dict(ENV, TIMEWARRIORDB=db)
    samples = []
    k = 0
    for run in range(RUNS):
        t = 0.0
        for _ in range(CALLS):
            k += 1
            d = dt.datetime(2025, 1, 1, 8) + dt.timedelta(hours=k * 3)
            cmd = ["timew", "track", d.strftime("%Y-%m-%dT%H:%M:%S"), "-",
                   (d + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S"), "楼道清洁", ":yes"]
            t0 = time.perf_counter()
            r = subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
            t += time.perf_counter() - t0
            if r.returncode != 0:
                raise SystemExit(f"bench: timew failed: {r.stderr}")
        samples.append(t / CALLS)
    track = statistics.median(samples)
    add("vs timewarrior", "log one entry: shequ volunteer log-hours", onerow, "timew track", track, 1.0)
    # timewarrior never syncs; database.sync = "normal" is shequ's setting for the same trade-off.
    sample = os.path.join(W, "sample.sqlite")
    fresh(sample_file(), sample)
    n = [0]

    def uniq():
        n[0] += 1
        return n[0]
    make = volunteer_log_hours(sample, uniq)
    normal = []
    for run in range(RUNS):
        t = 0.0
        for _ in range(CALLS):
            cmd = make()
            t += wall(cmd[:1] + ["-c", "database.sync=normal"] + cmd[1:])
        normal.append(t / CALLS)
    add("vs timewarrior", "log one entry: shequ -c database.sync=normal volunteer log-hours", statistics.median(normal),
        "timew track", track, 1.0)
    # The same year of service entries in both tools: the sample's entries (dated, 45 minutes
    # apart per volunteer slot) written straight into timew's month files, tagged with volunteer
    # and project, against `shequ report hours` for that year on the sample file.
    sample = sample_file()
    entries = sh(["sqlite3", "-separator", "\t", sample, "SELECT h.date, h.minutes, h.volunteer_id, coalesce(h.project_id, 0) "
                  "FROM service_hours h WHERE h.date >= '2025-11-29' AND h.date < '2026-11-29' ORDER BY h.date, h.id"]).split("\n")
    entries = [e.split("\t") for e in entries if e]
    by_month, clock = {}, {}
    for date, minutes, volunteer, project in entries:
        start = clock.get(date, dt.datetime.fromisoformat(date + "T00:00:00"))
        end = start + dt.timedelta(minutes=int(minutes))
        clock[date] = end if end.date() == start.date() else start  # entries of a day back to back
        by_month.setdefault(start.strftime("%Y-%m"), []).append(
            f"inc {start:%Y%m%dT%H%M%S}Z - {end:%Y%m%dT%H%M%S}Z # \"volunteer{volunteer}\" \"project{project}\"\n")
    shutil.rmtree(os.path.join(db, "data"))
    os.makedirs(os.path.join(db, "data"))
    for month, lines in by_month.items():
        open(os.path.join(db, "data", month + ".data"), "w").writelines(lines)
    theirs = median_of(["timew", "summary", "2025-11-29", "-", "2026-11-29"], env=env, stdin=subprocess.DEVNULL)
    ours = median_of([SHEQU, "--db", sample, "report", "hours", "--period", "2025-11-29..2026-11-29", "--format", "csv"])
    add("vs timewarrior", f"hours summary of a year ({len(entries):,} entries): shequ report hours", ours,
        "timew summary, same entries", theirs, 1.0)


# ---- hledger: a points journal and its balance ----

def verified_sample():
    """A copy of the sample file with a few redemptions."""
    path = os.path.join(W, f"sample-verified-{generator_key()}.sqlite")
    if os.path.exists(path):
        return path
    fresh(sample_file(), path + ".tmp")  # `init --sample` verified the hours older than two weeks
    rich = sh(["sqlite3", path + ".tmp", "SELECT v.number FROM volunteer v JOIN points_ledger l ON l.volunteer_id = v.id "
                                        "GROUP BY v.id HAVING sum(l.amount) >= 30 ORDER BY v.id LIMIT 20"]).split()
    for number in rich:
        sh([SHEQU, "--db", path + ".tmp", "points", "redeem", number, "毛巾"])
    sh(["sqlite3", path + ".tmp", "PRAGMA wal_checkpoint(TRUNCATE)"])
    os.rename(path + ".tmp", path)
    return path


def journal(path, entries):
    with open(path, "w") as f:
        for d, account, amount, other in entries:
            f.write(f"{d} {other}\n    points:{account}  {amount} P\n    {other}\n\n")


def bench_hledger():
    # Equivalent data: the sample's points ledger (a year of verified hours, redemptions) as a journal.
    if has_verb("points", "balance"):
        db = verified_sample()
        rows_ = sh(["sqlite3", "-separator", "|", db, "SELECT substr(l.at, 1, 10), v.number, l.amount, l.kind "
                                                  "FROM points_ledger l JOIN volunteer v ON v.id = l.volunteer_id ORDER BY l.id"])
        entries = [line.split("|") for line in rows_.splitlines()]
        path = os.path.join(W, "sample-points.journal")
        journal(path, entries)
        theirs = statistics.median(timed(["hledger", "-f", path, "balance", "points"])[0] for _ in range(RUNS))
        ours = median_of([SHEQU, "--db", db, "points", "balance", "--format", "csv"])
        add("vs hledger", f"points balance of the sample ({len(entries):,} ledger entries)", ours,
            "hledger balance, same entries", theirs, 1.0)
    # The SPEC's figure: a 100,000-entry journal.
    n = 100000
    path = os.path.join(W, "points.journal")
    d0 = dt.date(2022, 1, 1)
    journal(path, [(d0 + dt.timedelta(days=i // 60), f"v{i % 5200}", -5 if i % 10 == 9 else 2,
                    "redeem" if i % 10 == 9 else "earn") for i in range(n)])
    ts, mem = [], []
    for run in range(RUNS):
        t, m = timed(["hledger", "-f", path, "balance", "points"])
        ts.append(t)
        mem.append(m)
    rows.append(("vs hledger", "(hledger alone, for SPEC §7)", "", f"hledger balance ({n:,} entries)",
                 f"{ms(statistics.median(ts))}, {max(mem):.0f} MiB", "", "", ""))


# ---- reads and reports on the district file, and their growth from scale 1 to 100 ----

growth = []  # (command, {scale: seconds})
loads = {}   # scale -> (seconds to load through `init --sample`, counts)


def district_path(scale=None):
    """The generator's sample at `scale`, loaded through the import path (`init --sample`, which
    also verifies the hours older than two weeks), cached per generator and schema version."""
    scale = scale or SCALE
    key = generator_key(scale)
    path = os.path.join(W, f"district-{scale}-{key}.sqlite")
    if os.path.exists(path):
        return path
    src = os.path.join(W, f"district-{scale}-{key}")
    generate(scale, src)
    log(f"loading the generated sample of scale {scale} through import")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + ".tmp" + suffix):
            os.remove(path + ".tmp" + suffix)
    t0 = time.perf_counter()
    sh([SHEQU, "--db", path + ".tmp", "init", "--sample", "--sample-dir", src])
    t = time.perf_counter() - t0
    sh(["sqlite3", path + ".tmp", "PRAGMA wal_checkpoint(TRUNCATE)"])
    os.rename(path + ".tmp", path)
    open(path + ".load", "w").write(f"{t:.1f}\n")
    log(f"scale {scale} loaded in {t:.0f} s")
    return path


def median_of(cmd, **kw):
    return statistics.median(wall(cmd, **kw) for _ in range(RUNS))


def report_kinds():
    r = subprocess.run([SHEQU, "--lang", "en", "report", "--help"], env=ENV, capture_output=True, text=True)
    if r.returncode != 0:
        return []
    kinds, in_subs = [], False
    for line in r.stdout.splitlines():
        if line.strip().lower() in ("commands:", "subcommands:"):
            in_subs = True
            continue
        if in_subs and line.startswith("  ") and line.strip():
            kind = line.split()[0]
            if kind not in ("run", "list"):
                kinds.append(kind)
        elif in_subs and line and not line.startswith(" "):
            in_subs = False
    return kinds


def district_commands():
    """Every report in its default period, the heavier period forms, and the daily reads."""
    commands = [["report", k] for k in report_kinds()]
    commands += [["report", "hours", "--period", "this-year", "--by", "month"], ["report", "hours", "--by", "volunteer"],
                 ["report", "cases", "--period", "this-year", "--compare"], ["report", "summary", "--compare"],
                 ["report", "stars", "--period", "this-year"], ["report", "grid", "--grid", "G1"],
                 ["role", "coverage"], ["case", "due"], ["party", "tree"], ["need", "list", "--status", "new"],
                 ["points", "balance"], ["points", "history", "V1"], ["volunteer", "list"]]
    return [c + ["--format", "csv"] for c in commands]


def bench_district():
    scales = sorted({int(x) for x in os.environ.get("DISTRICT_SCALES", f"1,10,{SCALE}").split(",")} | {SCALE})
    paths = {n: district_path(n) for n in scales}
    for n, path in paths.items():
        counts = sh(["sqlite3", path, "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM service_hours), "
                     "(SELECT count(*) FROM mediation_case)"]).strip().split("|")
        loads[n] = (float(open(path + ".load").read()) if os.path.exists(path + ".load") else None,
                    [int(c) for c in counts])
    base = median_of(["sqlite3", paths[SCALE], "SELECT 1"])
    for cmd in district_commands():
        times = {n: median_of([SHEQU, "--db", path] + cmd) for n, path in paths.items()}
        shown = " ".join(c for c in cmd if c not in ("--format", "csv"))
        growth.append((shown, times))
        t = times[SCALE]
        rows.append(("district: " + ("report" if cmd[0] == "report" else "read"), f"shequ {shown}",
                     ms(t), "sqlite3 FILE 'SELECT 1'", ms(base), f"{t / base:.1f}×", "< 200 ms",
                     "ok" if t < 0.2 else "MISSED"))
    # The nightly check and the load of the district, whose bars SPEC §7 sets for N = 100.
    at_scale = SCALE == 100
    t = statistics.median(wall([SHEQU, "--db", paths[SCALE], "check"]) for _ in range(min(RUNS, 3)))
    rows.append(("district: check", "shequ check (quick_check and every invariant)", ms(t), "sqlite3 FILE 'PRAGMA quick_check'",
                 ms(median_of(["sqlite3", paths[SCALE], "PRAGMA quick_check"])), "", "< 5 s at N = 100",
                 ("ok" if t < 5 else "MISSED") if at_scale else f"(N = {SCALE})"))
    load = loads[SCALE][0]
    if load:
        rows.append(("district: load", f"shequ init --sample (N = {SCALE})", ms(load), "", "", "", "< 120 s at N = 100",
                     ("ok" if load < 120 else "MISSED") if at_scale else f"(N = {SCALE})"))
    persons, hours, cases = loads[SCALE][1]
    return (f"District file: scale {SCALE} of the generator: {persons:,} persons, {hours:,} service-hour entries, "
            f"{cases:,} cases")


def growth_table():
    if not growth:
        return ""
    scales = sorted(loads)
    head = ["command"] + [f"N = {n}" for n in scales] + [f"N = {scales[-1]} / N = {scales[0]}"]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    load = ["loading the sample (`init --sample`)"] + [ms(loads[n][0]) if loads[n][0] else "(cached)" for n in scales] + [""]
    size = ["persons / hour entries"] + [f"{loads[n][1][0]:,} / {loads[n][1][1]:,}" for n in scales] + [""]
    lines += ["| " + " | ".join(load) + " |", "| " + " | ".join(size) + " |"]
    for shown, times in growth:
        cells = [f"shequ {shown}"] + [ms(times[n]) for n in scales]
        cells.append(f"{times[scales[-1]] / times[scales[0]]:.1f}×" if times[scales[0]] else "")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def bench_generator():
    out = os.path.join(W, "gen-timing")
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    sh([sys.executable, os.path.join(HERE, "gen_sample.py"), "--scale", str(SCALE), "--out", out])
    t = time.perf_counter() - t0
    size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
    shutil.rmtree(out, ignore_errors=True)
    rows.append(("generator", f"gen_sample.py --scale {SCALE}", f"{t:.1f} s", f"{size / 2**20:.0f} MiB of CSV", "", "",
                 "< 60 s", "ok" if t < 60 else "MISSED"))


# ---- a street's server: COMMUNITIES communities of the sample's size on one local PostgreSQL ----

COMMUNITIES = int(os.environ.get("COMMUNITIES", "100"))
SERVER_PERSONS = int(os.environ.get("SERVER_PERSONS", "100000"))


def server_url():
    """$BENCH_PG, else a cluster of tests/pg/cluster.sh with fsync on (as a real server runs, and
    as the data file syncs every commit), kept between runs in /tmp/shequ-bench-pg."""
    if os.environ.get("BENCH_PG"):
        return os.environ["BENCH_PG"]
    d, cluster = "/tmp/shequ-bench-pg", os.path.join(ROOT, "tests", "pg", "cluster.sh")
    if not os.path.exists(os.path.join(d, ".s.PGSQL.5432")):
        sh(["bash", cluster, "start", d], env=dict(ENV, SHEQU_PG_FSYNC="on"))
        if os.path.exists(os.path.join(d, "unavailable")):
            raise SystemExit("bench: no PostgreSQL server: " + open(os.path.join(d, "unavailable")).read())
    return sh(["bash", cluster, "url", d]).strip()


def psql(url, query):
    return sh(["psql", url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", query]).strip()


def server_communities(url, sample):
    """Communities b001…bNNN, each the sample moved onto the server by `shequ migrate --to`."""
    have = set(psql(url, "SELECT code FROM shequ.community").split()) if psql(
        url, "SELECT to_regclass('shequ.community') IS NOT NULL") == "t" else set()
    key = generator_key()
    codes = [f"b{i:03d}" for i in range(1, COMMUNITIES + 1)]
    stale = psql(url, "SELECT code FROM shequ.community WHERE name <> 'bench " + key + "'").split() if have else []
    for code in stale:
        psql(url, f"DROP SCHEMA {code} CASCADE; DELETE FROM shequ.community WHERE code = '{code}'")
        have.discard(code)
    loads = []
    for code in codes:
        if code in have:
            continue
        loads.append(wall([SHEQU, "--db", sample, "-q", "migrate", "--to", url, "--community", code,
                           "--name", "bench " + key]))
    if loads:
        log(f"moved {len(loads)} communities onto the server, {statistics.median(loads):.1f} s each")
    return codes, loads


def bench_server():
    url = server_url()
    sample = os.path.join(W, "server-sample.sqlite")
    fresh(sample_file(), sample)
    codes, loads = server_communities(url, sample)
    if loads:
        backups = [os.path.join(W, f"backup-{run}.sqlite") for run in range(RUNS)]
        for b in backups:
            if os.path.exists(b):
                os.remove(b)
        add("server", "shequ migrate --to URL (the sample, one community)", statistics.median(loads),
            "shequ backup FILE", statistics.median(wall([SHEQU, "--db", sample, "-q", "backup", b]) for b in backups))
    counts = [0, 0, 0]
    for code in codes:
        for i, n in enumerate(psql(url, f"SELECT (SELECT count(*) FROM {code}.person), (SELECT count(*) FROM "
                                        f"{code}.service_hours), (SELECT count(*) FROM {code}.mediation_case)").split("|")):
            counts[i] += int(n)
    mid = codes[len(codes) // 2]
    on_server = ["--db", url, "-c", f"database.community={mid}"]
    # Every community report on one community of the full server, against the same on the file.
    for cmd in district_commands():
        t, base = median_of([SHEQU, *on_server] + cmd), median_of([SHEQU, "--db", sample] + cmd)
        shown = " ".join(c for c in cmd if c not in ("--format", "csv"))
        rows.append(("server: report" if cmd[0] == "report" else "server: read", f"shequ {shown}", ms(t),
                     "the same on the data file", ms(base), f"{t / base:.2f}×", "< 200 ms", "ok" if t < 0.2 else "MISSED"))
    # The street's reports and inbox over every community (SPEC §8: < 1 s), each against its one
    # community's own report on the same server.
    street = [SHEQU, "--db", url, "street"]
    only = ["--communities", ",".join(codes), "--format", "csv"]
    for kind in ("summary", "cases", "needs", "hours", "due"):
        t, base = median_of(street + ["report", kind] + only), median_of([SHEQU, *on_server, "report", kind, "--format", "csv"])
        rows.append(("server: street", f"shequ street report {kind} ({len(codes)} communities)", ms(t),
                     f"shequ report {kind} (one community)", ms(base), f"{t / base:.2f}×", "< 1 s", "ok" if t < 1 else "MISSED"))
    t, base = median_of(street + ["cases"] + only), median_of([SHEQU, *on_server, "case", "list", "--level", "street"])
    rows.append(("server: street", f"shequ street cases ({len(codes)} communities)", ms(t), "shequ case list --level street (one community)",
                 ms(base), f"{t / base:.2f}×", "< 1 s", "ok" if t < 1 else "MISSED"))
    # One-row commands on the server against the same on the data file.
    uniq = counter()
    file_cmds = onerow_commands(["--db", sample], sample, uniq)
    server_cmds = onerow_commands(on_server, sample, uniq)
    times = per_call({**{"file " + k: v for k, v in file_cmds.items()}, **{"server " + k: v for k, v in server_cmds.items()}})
    for name in server_cmds:
        add("server: one-row command", f"shequ {name}", times["server " + name], "the same on the data file",
            times["file " + name], 2.0)
    # An import of persons into a community against psql \copy of the same CSV into a bare table.
    base, csv_path = import_inputs()
    csv_path = head(csv_path, SERVER_PERSONS)
    ours, theirs = [], []
    for run in range(RUNS):
        code = f"imp{run}"
        psql(url, f"DROP SCHEMA IF EXISTS {code} CASCADE; DELETE FROM shequ.community WHERE code = '{code}'; "
                  "DROP TABLE IF EXISTS public.bare_persons")
        sh([SHEQU, "--db", base, "-q", "migrate", "--to", url, "--community", code, "--name", "import bench"])
        header = open(csv_path, encoding="utf-8").readline().strip().split(",")
        psql(url, "CREATE TABLE public.bare_persons (" + ", ".join(f'"{h}" text' for h in header) + ")")
        theirs.append(wall(["psql", url, "-X", "-q", "-c", f"\\copy public.bare_persons FROM '{csv_path}' CSV HEADER"]))
        ours.append(wall([SHEQU, "--db", url, "-c", f"database.community={code}", "-q", "import", "persons", csv_path]))
        psql(url, f"DROP SCHEMA {code} CASCADE; DELETE FROM shequ.community WHERE code = '{code}'; "
                  "DROP TABLE public.bare_persons")
    add("server: import", f"shequ import persons ({SERVER_PERSONS:,} rows)", statistics.median(ours), "psql \\copy",
        statistics.median(theirs), 2.0)
    return (f"{len(codes)} communities on one PostgreSQL {psql(url, 'SHOW server_version')} server: {counts[0]:,} "
            f"residents, {counts[1]:,} service-hour entries, {counts[2]:,} cases; reports and one-row commands on "
            f"community {mid}")


def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    version = subprocess.run([SHEQU, "--version"], capture_output=True, text=True, env=ENV).stdout.strip()
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    return [("date", dt.datetime.now().strftime("%Y-%m-%d %H:%M")), ("nproc", nproc), ("CPU", cpu),
            ("memory", mem), ("kernel", platform.release()), ("shequ", version), ("sqlite3", sqlite),
            ("runs", f"median of {RUNS} (one-row commands: {CALLS} calls per run)")]


def main():
    os.makedirs(W, exist_ok=True)
    started = time.perf_counter()
    onerow = None
    if want("onerow"):
        log("one-row commands")
        onerow = bench_onerow()
        write_results(started)
    if want("import"):
        log("import persons")
        bench_import()
        write_results(started)
    if want("import-hours"):
        log("import hours")
        bench_import_hours()
        write_results(started)
    if want("undo"):
        log("undo of an import")
        bench_undo()
        write_results(started)
    if want("sqlite-utils") and shutil.which("sqlite-utils"):
        log("sqlite-utils")
        bench_sqlite_utils()
        write_results(started)
    if want("timew") and shutil.which("timew"):
        log("timewarrior")
        if onerow is None:
            onerow = bench_onerow()
            rows[:] = [r for r in rows if r[0] != "one-row command"]
        bench_timew(onerow)
        write_results(started)
    if want("hledger") and shutil.which("hledger"):
        log("hledger")
        bench_hledger()
        write_results(started)
    label = ""
    if want("district"):
        log("district file")
        label = bench_district()
    if want("server"):
        log("a street's server")
        server_label = bench_server()
        label = f"{label}. Server: {server_label}" if label else f"Server: {server_label}"
        write_results(started, label)
    if want("generator"):
        log("generator")
        bench_generator()
        write_results(started)
    write_results(started, label, final=True)


def results_path():
    return os.path.join(HERE, "RESULTS.md" if not ONLY else f"RESULTS-{'-'.join(sorted(ONLY))}.md")


def write_results(started, label="", final=False):
    """Prints (when final) and writes the results file; called after every section so an
    interrupted run keeps what it measured."""
    header = ("section", "task", "shequ", "baseline", "baseline time", "ratio", "target", "")
    table = [header, tuple("---" for _ in header)] + rows
    md = "\n".join("| " + " | ".join(r) + " |" for r in table)
    if final:
        print(md)
    info = machine()
    with open(results_path(), "w") as f:
        f.write("# Benchmark results\n\nWritten by `bench/run.sh` (see docs/guide/sample-and-benchmarks.md). "
                "Each figure is a median over several runs; each ratio divides by a baseline measured in the "
                "same run.\n\n")
        f.write(md + "\n\n")
        if label:
            f.write(f"{label}.\n\n")
        if growth:
            f.write("## Growth from the sample (N = 1) to the district (N = 100)\n\n"
                    "Median wall time of each command on the generator's sample scaled N-fold, loaded through "
                    "`shequ init --sample` (the import path).\n\n" + growth_table() + "\n\n")
        f.write("## Machine\n\n")
        for k, v in info:
            f.write(f"- {k}: {v}\n")
        f.write(f"- total bench time: {time.perf_counter() - started:.0f} s\n")
    if final:
        log(f"wrote {results_path()}")


if __name__ == "__main__":
    main()
