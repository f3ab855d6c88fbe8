#!/usr/bin/env python3
"""lang_show.py - what a person reads in a results document, one line each:
the metadata's language, then per result its id, status and every coded
note (code: sentence), errors included.  Usage: lang_show.py RESULTS.json
(the e2e cases of tests/e2e/cases/lang-* compare it across languages)."""
import json
import sys


def notes(r):
    for key in ("errors", "actions", "warnings"):
        for n in r.get(key) or []:
            text = n.get("message") or n.get("reason") or ""
            where = n.get("path") or n.get("item") or ""
            yield "%s %s%s: %s" % (key, n.get("code", "-"),
                                   " " + where if where else "", text)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    print("lang: %s" % doc["assess"]["lang"])
    for r in doc["results"]:
        print("%s %s" % (r["id"], r["status"]))
        for line in notes(r):
            print("  " + line)


main()
