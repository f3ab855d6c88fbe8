#!/usr/bin/env python3
"""Randomized check of isolated, pipelined runs (not part of make test).

Usage: tests/stress/isolate.py BIN PLUGIN [FIRST_SEED]   (N=batches, default 30)
  e.g. tests/stress/isolate.py bin/assess build/tests/rude_crash.so
       tests/stress/isolate.py build/asan/bin/assess build/asan/build/tests/rude_crash.so 100

Each seed makes a batch of 1 to 1,500 records, some of them 70 KB to
1.5 MB (larger than a pipe holds), up to 8 of which crash the rude_crash
fixture, and checks what a user would: every record comes back in order,
exactly the crashing ones are rejected, the finish step counted all the
others, and the crash messages are in record order.
"""
import json, os, random, shutil, subprocess, sys, tempfile


def batch(seed, path):
    """Write seed's batch to path; return its size and the crashing lines."""
    rnd = random.Random(seed)
    n = rnd.choice([1, 2, 63, 64, 65, 200, 1500])
    booms = set(rnd.sample(range(1, n + 1), rnd.randint(0, min(n, 8))))
    with open(path, "w") as f:
        for i in range(1, n + 1):
            rec = {"id": "r%d" % i, "name": "n"}
            if rnd.random() < 0.05:
                rec["pad"] = "x" * rnd.choice([70000, 300000, 1500000])
            if i in booms:
                rec["boom"] = [1]
            f.write(json.dumps(rec) + "\n")
    return n, booms


def check(binary, plugin, path, n, booms):
    """Run the batch isolated; return what is wrong, or None."""
    env = dict(os.environ, ASAN_OPTIONS="handle_segv=0")
    p = subprocess.run([binary, "--plugin", plugin, "--isolate",
                        "--format", "ndjson", path], capture_output=True, env=env)
    lines = p.stdout.decode().splitlines()
    if not lines:
        return "no output, exit %d: %s" % (p.returncode, p.stderr.decode()[:500])
    out = [json.loads(l) for l in lines]
    results, tail = out[:-1], out[-1]
    if p.returncode != (1 if booms else 0):
        return "exit %d" % p.returncode
    if [r["id"] for r in results] != ["r%d" % i for i in range(1, n + 1)]:
        return "records missing or out of order"
    if {int(r["id"][1:]) for r in results if r["status"] == "rejected"} != booms:
        return "the wrong records rejected"
    if tail["summary"].get("seen_by_plugin") != n - len(booms):
        return "finish saw %s records" % tail["summary"].get("seen_by_plugin")
    said = [int(l.split(":")[2]) for l in p.stderr.decode().splitlines()
            if "crashed" in l]
    if said != sorted(booms):
        return "crash messages %s, not in record order" % said
    return None


def main():
    binary, plugin = sys.argv[1], sys.argv[2]
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    work = tempfile.mkdtemp()
    bad = 0
    try:
        for seed in range(first, first + int(os.environ.get("N", "30"))):
            path = os.path.join(work, "in.ndjson")
            n, booms = batch(seed, path)
            wrong = check(binary, plugin, path, n, booms)
            print("seed %d: %d records, %d crashing: %s"
                  % (seed, n, len(booms), wrong or "ok"))
            bad += wrong is not None
    finally:
        shutil.rmtree(work)
    print("%d passed, %d failed" % (int(os.environ.get("N", "30")) - bad, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
