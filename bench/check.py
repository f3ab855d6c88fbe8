#!/usr/bin/env python3
"""check.py - the regression benchmark of issue 24 (make bench-check): the
star scheme on every batch shape, at a small and a large size, against
the floor program, with pass or fail per figure.

Usage: bench/check.py [--small N] [--large N] [--shapes "A B ..."]
                      [--runs R] [--margin M]

Per shape (bench/shapes.py's, and gen for bench/gen.py's batch) and size,
best of R runs (default 1) of each, pinned to one core (taskset -c 0):
the floor (../shared/bench/floor_full.c, or $FLOOR_SRC) and
`assess --plugin starbranch --format ndjson`, both writing their output
to a file.  Times are CPU seconds (user + system, GNU time), which a
shared machine disturbs less than wall time; the peak RSS is GNU time's.
It reports, and fails (exit 1) only beyond the margin M (default 0.15,
that is 15%) over each goal of issue 24:
  ratio   assess/floor on one core, at each size: goal 0.6;
  flat    time per record at the large size over that at the small
          size: goal 1.10;
  rss     peak RSS at the large size: goal 64 MB (128 MB from
          10,000,000 records).
Exit 0: every figure within its goal and margin; 1: one or more beyond;
2: the floor, taskset or GNU time missing.  Not part of `make test`:
it takes minutes (the default sizes are 100,000 and 1,000,000 records)
and needs a quiet machine to mean anything.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

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
    p.add_argument("--margin", type=float, default=0.15)
    return p.parse_args()


def generate(shape, n, path):
    if shape == "gen":
        cmd = [sys.executable, os.path.join(HERE, "gen.py"), str(n)]
    else:
        cmd = [sys.executable, os.path.join(HERE, "shapes.py"), str(n),
               "--shape", shape]
    with open(path, "wb") as f:
        subprocess.run(cmd, stdout=f, check=True)


def measure(cmd, inp, stdin, out, stats):
    """CPU seconds and peak RSS (KB) of cmd, its output written to out."""
    with open(inp, "rb") as f, open(out, "wb") as o:
        subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", stats,
                        "taskset", "-c", "0"] + cmd,
                       stdin=f if stdin else subprocess.DEVNULL, stdout=o,
                       stderr=subprocess.DEVNULL)
    with open(stats) as s:
        u, sy, m = s.read().split()[-3:]
    return float(u) + float(sy), int(m)


def main():
    a = args()
    src = os.environ.get("FLOOR_SRC",
                         os.path.join(TOP, "..", "shared", "bench",
                                      "floor_full.c"))
    if not os.access(src, os.R_OK):
        print("bench-check: %s not found (set FLOOR_SRC)" % src,
              file=sys.stderr)
        return 2
    if not shutil.which("taskset") or not os.access("/usr/bin/time", os.X_OK):
        print("bench-check: needs taskset and GNU time (/usr/bin/time)",
              file=sys.stderr)
        return 2
    subprocess.run(["make", "-s", "-C", TOP, "all"], check=True,
                   stdout=subprocess.DEVNULL)
    assess = os.path.join(TOP, "bin", "assess")
    failed = []
    with tempfile.TemporaryDirectory() as work:
        floor = os.path.join(work, "floor")
        subprocess.run(["cc", "-O2", "-o", floor, src, "-lcjson", "-lm"],
                       check=True)
        inp = os.path.join(work, "in.ndjson")
        out = os.path.join(work, "out")
        stats = os.path.join(work, "stats")
        print("| shape | records | floor CPU | assess CPU | ratio | us a "
              "record | peak RSS |")
        print("|---|---|---|---|---|---|---|")
        for shape in a.shapes.split():
            per = {}
            for n in (a.small, a.large):
                generate(shape, n, inp)
                best = {"floor": None, "assess": None}
                rss = 0
                for _ in range(a.runs):
                    t, _m = measure([floor], inp, True, out, stats)
                    best["floor"] = min(best["floor"] or t, t)
                    t, m = measure([assess, "--plugin", "starbranch",
                                    "--format", "ndjson", inp], inp, False,
                                   out, stats)
                    best["assess"] = min(best["assess"] or t, t)
                    rss = max(rss, m)
                ratio = best["assess"] / best["floor"]
                per[n] = best["assess"] / n
                print("| %s | %s | %.2f s | %.2f s | %.2f | %.2f | %.1f MB |"
                      % (shape, format(n, ","), best["floor"],
                         best["assess"], ratio, per[n] * 1e6, rss / 1024),
                      flush=True)
                if ratio > GOAL_RATIO * (1 + a.margin):
                    failed.append("%s %d: ratio %.2f over %.2f" %
                                  (shape, n, ratio, GOAL_RATIO))
                if (n == a.large and
                        rss / 1024 > goal_rss_mb(n) * (1 + a.margin)):
                    failed.append("%s %d: peak RSS %.1f MB over %d MB" %
                                  (shape, n, rss / 1024, goal_rss_mb(n)))
            flat = per[a.large] / per[a.small]
            print("|  | %s over %s: time per record x %.2f |  |  |  |  |  |"
                  % (format(a.large, ","), format(a.small, ","), flat),
                  flush=True)
            if flat > GOAL_FLAT * (1 + a.margin):
                failed.append("%s: time per record x %.2f over %.2f" %
                              (shape, flat, GOAL_FLAT))
    for f in failed:
        print("bench-check: beyond the margin: " + f)
    print("bench-check: %s" % ("FAILED" if failed else "every figure "
                               "within its goal and margin"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
