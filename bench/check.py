#!/usr/bin/env python3
"""check.py - the regression benchmark of issue 24 (make bench-check): the
star scheme on every batch shape, at a small and a large size, against
the floor program, with pass or fail per figure.

Usage: bench/check.py [--small N] [--large N] [--shapes "A B ..."]
                      [--runs R] [--small-runs R] [--margin M]
                      [--no-floor] [--null]
                      [--assess PATH] [--cpu C] [--trace FILE]

Per shape (bench/shapes.py's, and gen for bench/gen.py's batch) and size,
best of R runs (default 1) of each (at the small size at least
--small-runs: its few seconds are the noisier figure), pinned to one
core (taskset -c C, default 0): the floor (../shared/bench/floor_full.c,
or $FLOOR_SRC) and `assess --plugin starbranch --format ndjson`, both
writing their output to a file (to /dev/null with --null: ten million
records write 16 GB; assess's spool still goes to $TMPDIR, as large).  Times are CPU seconds
(user + system, GNU time), which a shared machine disturbs less than
wall time; the peak RSS is GNU time's.  The records are written by
bench/shapes_gen.c, the same bytes as shapes.py and gen.py forty times
faster, each size its own batch (the first 100,000 records of a
million of a shapes.py shape are not its 100,000-record batch: the
parents are counted from N).
--no-floor leaves the floor out (no ratio judged); --assess runs that
binary instead of building and running bin/assess (the suite's check,
tests/bench_check.sh, passes its O's); --trace writes, every second of
each run at the large size, VmRSS and the bytes read and written so far
(/proc/PID/status and io) to FILE, to tell where the memory goes.
It reports, and fails (exit 1) only beyond the margin M (default 0.15,
that is 15%) over each goal of issue 24:
  ratio   assess/floor on one core, at each size: goal 0.6;
  flat    time per record at the large size over that at the small
          size: goal 1.10;
  rss     peak RSS at the large size: goal 64 MB (128 MB from
          10,000,000 records).
The last line sums up each shape's figures and the verdict.
Exit 0: every figure within its goal and margin; 1: one or more beyond,
or assess ended with a status other than 0 (every record is valid);
2: the floor, taskset or GNU time missing, or shapes_gen.c not writing
what shapes.py (gen.py) writes, compared on 2,000 records of each shape
run.  `make bench-check` runs every shape with the floor, which takes
minutes and needs a quiet machine for its ratios; `make test` runs one
shape without the floor (tests/bench_check.sh), for the two figures CPU
time holds on a shared machine: time per record flat and the peak RSS.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import shapes  # noqa: E402  (bench/shapes.py: the named shapes)

GOAL_RATIO = 0.6
GOAL_FLAT = 1.10


def goal_rss_mb(n):
    return 128 if n >= 10000000 else 64


def args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--small", type=int, default=100000)
    p.add_argument("--large", type=int, default=1000000)
    p.add_argument("--shapes", default="gen " + " ".join(shapes.SHAPES))
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--small-runs", type=int, default=1)
    p.add_argument("--margin", type=float, default=0.15)
    p.add_argument("--no-floor", action="store_true")
    p.add_argument("--null", action="store_true")
    p.add_argument("--assess")
    p.add_argument("--cpu", default="0")
    p.add_argument("--trace")
    return p.parse_args()


def generate(gen, shape, n, path):
    """Write n records of shape (gen or a name of shapes.SHAPES) to path."""
    if shape == "gen":
        cmd = [gen, str(n), "gen"]
    else:
        per, history, vetoes, pair = shapes.SHAPES[shape]
        cmd = [gen, str(n), str(per), history, repr(vetoes), repr(pair)]
    with open(path, "wb") as f:
        subprocess.run(cmd, stdout=f, check=True)


def held(gen, shape, n=2000):
    """Whether shapes_gen writes what shapes.py (gen.py) writes: n records
    of shape compared byte for byte, on every run."""
    if shape == "gen":
        py = [sys.executable, os.path.join(HERE, "gen.py"), str(n)]
        cmd = [gen, str(n), "gen"]
    else:
        per, history, vetoes, pair = shapes.SHAPES[shape]
        py = [sys.executable, os.path.join(HERE, "shapes.py"), str(n),
              "--shape", shape]
        cmd = [gen, str(n), str(per), history, repr(vetoes), repr(pair)]
    return (subprocess.run(py, stdout=subprocess.PIPE, check=True).stdout ==
            subprocess.run(cmd, stdout=subprocess.PIPE, check=True).stdout)


def proc_figures(pid):
    """VmRSS (KB), bytes read and written so far by process pid, or None."""
    try:
        with open("/proc/%d/status" % pid) as f:
            rss = [int(x.split()[1]) for x in f if x.startswith("VmRSS:")]
        with open("/proc/%d/io" % pid) as f:
            io = dict(x.split(": ") for x in f.read().splitlines())
        return rss[0], int(io["rchar"]), int(io["wchar"])
    except (OSError, IndexError, KeyError, ValueError):
        return None


def trace(p, log, label):
    """Every second until p ends: its child's (the measured command's,
    GNU time having forked it and taskset exec'ed it) VmRSS and I/O."""
    child = None
    start = time.monotonic()
    log.write("# %s: seconds, VmRSS MB, MB read, MB written\n" % label)
    while p.poll() is None:
        time.sleep(1)
        if child is None:
            try:
                with open("/proc/%d/task/%d/children" % (p.pid, p.pid)) as f:
                    child = int(f.read().split()[0])
            except (OSError, IndexError, ValueError):
                continue
        got = proc_figures(child)
        if got:
            log.write("%6.0f %8.1f %10.1f %10.1f\n" % (
                time.monotonic() - start, got[0] / 1024, got[1] / 1048576,
                got[2] / 1048576))
            log.flush()


def measure(cmd, inp, stdin, out, stats, cpu, log=None, label=""):
    """CPU seconds, peak RSS (KB) and exit status of cmd pinned to core
    cpu, its output written to out; traced to log when one is given."""
    with open(inp, "rb") as f, open(out, "wb") as o:
        p = subprocess.Popen(["/usr/bin/time", "-f", "%U %S %M", "-o", stats,
                              "taskset", "-c", cpu] + cmd,
                             stdin=f if stdin else subprocess.DEVNULL,
                             stdout=o, stderr=subprocess.DEVNULL)
        if log:
            trace(p, log, label)
        p.wait()
    with open(stats) as s:
        u, sy, m = s.read().split()[-3:]
    return float(u) + float(sy), int(m), p.returncode


def main():
    a = args()
    src = os.environ.get("FLOOR_SRC",
                         os.path.join(TOP, "..", "shared", "bench",
                                      "floor_full.c"))
    if not a.no_floor and not os.access(src, os.R_OK):
        print("bench-check: %s not found (set FLOOR_SRC)" % src,
              file=sys.stderr)
        return 2
    if not shutil.which("taskset") or not os.access("/usr/bin/time", os.X_OK):
        print("bench-check: needs taskset and GNU time (/usr/bin/time)",
              file=sys.stderr)
        return 2
    assess = a.assess
    if not assess:
        subprocess.run(["make", "-s", "-C", TOP, "all"], check=True,
                       stdout=subprocess.DEVNULL)
        assess = os.path.join(TOP, "bin", "assess")
    failed = []
    summary = []
    log = open(a.trace, "w") if a.trace else None
    with tempfile.TemporaryDirectory() as work:
        floor = os.path.join(work, "floor")
        if not a.no_floor:
            subprocess.run(["cc", "-O2", "-o", floor, src, "-lcjson", "-lm"],
                           check=True)
        gen = os.path.join(work, "shapes_gen")
        subprocess.run(["cc", "-O2", "-ffp-contract=off", "-o", gen,
                        os.path.join(HERE, "shapes_gen.c"), "-lm"],
                       check=True)
        inp = os.path.join(work, "in.ndjson")
        out = "/dev/null" if a.null else os.path.join(work, "out")
        stats = os.path.join(work, "stats")
        print("| shape | records | floor CPU | assess CPU | ratio | us a "
              "record | peak RSS |")
        print("|---|---|---|---|---|---|---|")
        for shape in a.shapes.split():
            if not held(gen, shape):
                print("bench-check: bench/shapes_gen.c does not write the "
                      "records of %s that %s writes" % (
                          shape, "gen.py" if shape == "gen" else "shapes.py"))
                return 2
            per = {}
            ratios = []
            for n in (a.small, a.large):
                generate(gen, shape, n, inp)
                best = {"floor": None, "assess": None}
                rss = 0
                traced = log if n == a.large else None
                for _ in range(a.runs if n == a.large else
                               max(a.runs, a.small_runs)):
                    if not a.no_floor:
                        t, _m, _rc = measure([floor], inp, True, out,
                                             stats, a.cpu, traced,
                                             "floor %s %d" % (shape, n))
                        best["floor"] = min(best["floor"] or t, t)
                    t, m, rc = measure([assess, "--plugin", "starbranch",
                                        "--format", "ndjson", inp], inp,
                                       False, out, stats, a.cpu, traced,
                                       "assess %s %d" % (shape, n))
                    if rc != 0:  # every record is valid: all assessed
                        failed.append("%s %d: assess ended with status %d"
                                      % (shape, n, rc))
                    best["assess"] = min(best["assess"] or t, t)
                    rss = max(rss, m)
                per[n] = best["assess"] / n
                if a.no_floor:
                    fl, ratio = "-", "-"
                else:
                    r = best["assess"] / max(best["floor"], 0.01)
                    fl, ratio = "%.2f s" % best["floor"], "%.2f" % r
                    ratios.append(ratio)
                    if r > GOAL_RATIO * (1 + a.margin):
                        failed.append("%s %d: ratio %.2f over %.2f" %
                                      (shape, n, r, GOAL_RATIO))
                print("| %s | %s | %s | %.2f s | %s | %.2f | %.1f MB |"
                      % (shape, format(n, ","), fl, best["assess"], ratio,
                         per[n] * 1e6, rss / 1024), flush=True)
                if (n == a.large and
                        rss / 1024 > goal_rss_mb(n) * (1 + a.margin)):
                    failed.append("%s %d: peak RSS %.1f MB over %d MB" %
                                  (shape, n, rss / 1024, goal_rss_mb(n)))
            # GNU time counts in hundredths: a run too short to count is
            # one hundredth, not a division by zero
            flat = per[a.large] / max(per[a.small], 0.01 / a.small)
            print("|  | %s over %s: time per record x %.2f |  |  |  |  |  |"
                  % (format(a.large, ","), format(a.small, ","), flat),
                  flush=True)
            if flat > GOAL_FLAT * (1 + a.margin):
                failed.append("%s: time per record x %.2f over %.2f" %
                              (shape, flat, GOAL_FLAT))
            summary.append("%s: CPU time per record at %s x %.2f that at %s "
                           "(goal %.2f), peak RSS %.1f MB (goal %d MB)%s" % (
                               shape, format(a.large, ","), flat,
                               format(a.small, ","), GOAL_FLAT, rss / 1024,
                               goal_rss_mb(a.large),
                               ", ratio to the floor %s (goal %.1f)" %
                               (" and ".join(ratios), GOAL_RATIO)
                               if ratios else ""))
    if log:
        log.close()
    for f in failed:
        print("bench-check: beyond the margin: " + f)
    print("bench-check: %s; %s, margin %d%%" % (
        "; ".join(summary), "BEYOND" if failed else "within goals",
        round(a.margin * 100)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
