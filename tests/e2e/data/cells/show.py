#!/usr/bin/env python3
"""show.py - the results of a run as a reader checks them, one line a
result (id, status, score, rating) and one a note: errors, and warnings
other than SB8's item prompts, each with its path or paths.  Usage:
show.py < RESULTS (a JSON document or NDJSON)."""
import json
import sys


def results(text):
    try:
        return json.loads(text).get("results", [])
    except ValueError:
        pass
    out = []
    for line in text.splitlines():
        r = json.loads(line)
        if "id" in r:
            out.append(r)
    return out


def main():
    for r in results(sys.stdin.read()):
        print("%s %s %s %s" % (r["id"], r["status"], r.get("score", "-"),
                               r.get("rating", "-")))
        for n in r.get("errors") or []:
            print("  error %s: %s" % (n.get("path"), n.get("message")))
        for n in r.get("warnings") or []:
            if n.get("code") == "item_prompt":
                continue
            print("  warning %s %s: %s" % (
                n.get("code"), n.get("path") or ",".join(n.get("paths", [])),
                n.get("message")))


main()
