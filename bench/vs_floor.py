#!/usr/bin/python3
"""vs_floor.py - bench/vs-floor.sh's measuring: assess against the floor,
every shape, scheme and input, with the machine's load told apart.

Usage (through bench/vs-floor.sh, which checks the tools and builds):
  bench/vs_floor.py WORK FLOOR RUNS SHAPES N...

WORK a scratch directory, FLOOR the floor program built, RUNS the runs of
each command (best kept), SHAPES the names, N the sizes.  See
bench/vs-floor.sh for what is measured and printed.
"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import shapes  # noqa: E402  (bench/shapes.py: the named shapes)

HZ = os.sysconf("SC_CLK_TCK")
XLSX_ROWS = 1048576
# Another process's use of a core during a run, in cores, beyond which
# the figure is flagged as taken on a busy machine.
BUSY = 0.10


def cpu_busy():
    """Busy jiffies of cpu0 and cpu1 so far (all but idle and iowait)."""
    busy = {}
    with open("/proc/stat") as f:
        for line in f:
            name, *v = line.split()
            if name in ("cpu0", "cpu1"):
                v = [int(x) for x in v]
                busy[name] = sum(v[:8]) - v[3] - v[4]
    return busy


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def run(work, cmd, stdin, out, cores):
    """Run cmd (pinned by the caller) under GNU time.  Returns the wall
    seconds, its CPU seconds, its peak RSS (KB) and how much of the cores
    it was pinned to (cpu0, or cpu0 and cpu1) other processes used,
    in cores, from /proc/stat."""
    stats = os.path.join(work, "stats")
    before = cpu_busy()
    t = time.monotonic()
    with open(stdin or os.devnull, "rb") as f, open(out, "wb") as o:
        rc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", stats]
                            + cmd, stdin=f, stdout=o,
                            stderr=subprocess.DEVNULL).returncode
    wall = time.monotonic() - t
    after = cpu_busy()
    if rc not in (0, 1):  # 1: some records rejected, the rest assessed
        sys.exit("vs-floor: %s: exit %d" % (" ".join(cmd), rc))
    with open(stats) as s:
        u, sy, m = s.read().split()[-3:]
    own = float(u) + float(sy)
    used = sum(after[c] - before[c] for c in cores) / HZ
    return wall, own, int(m), max(0.0, used - own) / wall


def inputs(work, gen, shape, n):
    """The floor's star records and assess's input (path, format) for
    shape at n records, written into work; None for assess's input when
    the shape cannot hold n records."""
    if shape == "xlsx" and n + 1 > XLSX_ROWS:
        return None, None
    star = os.path.join(work, "star-%s-%d.ndjson" % (
        "gen" if shape in ("gen", "scorecard", "csv", "xlsx") else shape, n))
    if not os.path.exists(star):
        for old in os.listdir(work):  # one batch at a time on the disk
            if old.startswith(("star-", "in-")):
                os.unlink(os.path.join(work, old))
        if shape in shapes.SHAPES:
            per, history, vetoes, pair = shapes.SHAPES[shape]
            cmd = [gen, str(n), str(per), history, repr(vetoes), repr(pair)]
        else:
            cmd = [gen, str(n), "gen"]
        with open(star, "wb") as f:
            subprocess.run(cmd, stdout=f, check=True)
    if shape == "scorecard":
        inp = os.path.join(work, "in-scorecard-%d.ndjson" % n)
        if not os.path.exists(inp):
            with open(inp, "wb") as f:
                subprocess.run([sys.executable,
                                os.path.join(HERE, "scorecard_gen.py"),
                                str(n)], stdout=f, check=True)
        return star, inp
    if shape in ("csv", "xlsx"):
        inp = os.path.join(work, "in-%d.%s" % (n, shape))
        if not os.path.exists(inp):
            subprocess.run([sys.executable,
                            os.path.join(HERE, "sheetconv.py"), shape, star,
                            inp], check=True)
        return star, inp
    return star, star


def main():
    work, floor, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    names, sizes = sys.argv[4].split(), [int(x) for x in sys.argv[5:]]
    gen = os.path.join(work, "shapes_gen")
    subprocess.run(["cc", "-O2", "-ffp-contract=off", "-o", gen,
                    os.path.join(HERE, "shapes_gen.c"), "-lm"], check=True)
    out = os.path.join(work, "out")
    table = []
    for n in sizes:
        for shape in names:
            star, inp = inputs(work, gen, shape, n)
            if inp is None:
                print("%s: %d records not measured: more than one XLSX "
                      "sheet holds (1,048,576 rows, the header's "
                      "included)" % (shape, n))
                continue
            plugin = (["--plugin", "scorecard", "--config",
                       "configs/fourstrong.ini"] if shape == "scorecard"
                      else ["--plugin", "starbranch"])
            assess = ["bin/assess"] + plugin + ["--format", "ndjson", inp]
            one, two = ["taskset", "-c", "0"], ["taskset", "-c", "0,1"]
            load = [loadavg()]
            best = {}
            size = 0
            for _ in range(runs):
                got = {
                    "floor": run(work, one + [floor], star, out, ["cpu0"]),
                    "assess1": run(work, one + assess, None, out, ["cpu0"]),
                }
                size = os.path.getsize(out)
                got["assess2"] = run(work, two + assess, None, out,
                                     ["cpu0", "cpu1"])
                # The byte-moving limit: the input read and as many bytes
                # as assess wrote written, through the page cache, on the
                # same core.
                got["bytes"] = run(work, one + [
                    "sh", "-c", 'cat "$1" > /dev/null && '
                    'head -c "$2" /dev/zero > "$3"', "bytes", inp, str(size),
                    out], None, os.devnull, ["cpu0"])
                for k, v in got.items():
                    if k not in best or v[0] < best[k][0]:
                        best[k] = v
            load.append(loadavg())
            f = best["floor"][0]
            r = {k: best[k][0] / f for k in best}
            rss = max(best["assess1"][2], best["assess2"][2])
            print("%s (the floor on %s star records):" % (
                shape, "the same" if star == inp else "gen's"))
            print("%9d records  floor %7.2f s | assess one core %7.2f s "
                  "%6.1f MB | two cores %7.2f s %6.1f MB | bytes %6.2f s | "
                  "output %d bytes" % (
                      n, f, best["assess1"][0], best["assess1"][2] / 1024,
                      best["assess2"][0], best["assess2"][2] / 1024,
                      best["bytes"][0], size))
            print("%9d records  ratio one core %.2f (goal <= 0.6)   two "
                  "cores %.2f (goal <= 0.45)   bytes %.2f   peak RSS %.1f "
                  "MB (goal < 64)   load average %s to %s" % (
                      n, r["assess1"], r["assess2"], r["bytes"], rss / 1024,
                      load[0], load[1]))
            busy = ["%s %.2f" % (what, best[k][3]) for k, what in (
                ("assess2", "two cores"), ("assess1", "one core"),
                ("floor", "the floor"), ("bytes", "the byte moving"))
                if best[k][3] > BUSY]
            if busy:
                print("warning: %s %d: not a quiet machine's figures: other "
                      "work took cores beside the runs (%s of a core)%s" % (
                          shape, n, ", ".join(busy),
                          "; the second core was busy: the two-core ratio "
                          "says nothing" if best["assess2"][3] > BUSY
                          else ""))
            table.append("| %s | %s | %.2f s | %.2f s | %.2f | %.2f s | "
                         "%.2f%s | %.2f | %.1f MB | %s-%s |" % (
                             shape, format(n, ","), f, best["assess1"][0],
                             r["assess1"], best["assess2"][0], r["assess2"],
                             " (busy)" if best["assess2"][3] > BUSY else "",
                             r["bytes"], rss / 1024, load[0], load[1]))
            sys.stdout.flush()
    print()
    print("| shape | records | floor (1 core) | assess, 1 core | ratio | "
          "assess, 2 cores | ratio | bytes ratio | peak RSS | load |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for line in table:
        print(line)


if __name__ == "__main__":
    main()
