#!/usr/bin/env python3
"""lang_same.py - two results documents of the same run in two languages
must differ only in their sentences: every code, key, field name, number
and status the same.  Usage: lang_same.py A.json B.json; prints what was
compared, exits 1 naming the first difference."""
import json
import sys

SENTENCES = {"message", "reason"}  # the fields a person reads


def strip(v, path, said):
    if isinstance(v, dict):
        return {k: ("<sentence>" if k in SENTENCES and isinstance(x, str)
                    else strip(x, path + "." + k, said))
                for k, x in v.items() if not (path == ".assess" and
                                               k == "lang")}
    if isinstance(v, list):
        return [strip(x, "%s[%d]" % (path, i), said)
                for i, x in enumerate(v)]
    return v


def sentences(v):
    if isinstance(v, dict):
        return sum((1 if k in SENTENCES and isinstance(x, str) else
                    sentences(x)) for k, x in v.items())
    if isinstance(v, list):
        return sum(sentences(x) for x in v)
    return 0


def main():
    a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
    sa, sb = strip(a, "", []), strip(b, "", [])
    if sa != sb:
        for k in sa:
            if sa[k] != sb.get(k):
                print("differ beyond sentences in %s" % k)
                sys.exit(1)
        print("differ beyond sentences")
        sys.exit(1)
    differ = sentences(a) - sum(
        1 for x, y in zip(flat(a), flat(b)) if x == y)
    print("%s: same codes, keys and figures; %d sentences, %d of them "
          "translated" % (a["assess"]["plugin"], sentences(a), differ))


def flat(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k in SENTENCES and isinstance(x, str):
                yield x
            else:
                yield from flat(x)
    elif isinstance(v, list):
        for x in v:
            yield from flat(x)


main()
