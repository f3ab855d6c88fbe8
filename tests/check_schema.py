#!/usr/bin/python3
"""check_schema.py - validate assess output files against docs/output.schema.json.

Usage: tests/check_schema.py SCHEMA FILE...   (each FILE: --format json or ndjson)
Prints one line per file and exits 1 if any does not validate.  Uses Debian's
python3-jsonschema.
"""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    bad = 0
    for path in sys.argv[2:]:
        text = open(path, encoding="utf-8").read()
        try:
            docs = [(json.loads(text), schema)]
        except json.JSONDecodeError:  # NDJSON: results, then the trailer
            lines = [json.loads(l) for l in text.splitlines() if l.strip()]
            result = dict(schema, **{"$ref": "#/$defs/result"})
            trailer = dict(schema, **{"$ref": "#/$defs/trailer"})
            for k in ("type", "required", "properties", "additionalProperties"):
                result.pop(k, None)
                trailer.pop(k, None)
            docs = [(l, result) for l in lines[:-1]] + [(lines[-1], trailer)]
        errors = []
        for doc, s in docs:
            errors += list(jsonschema.Draft202012Validator(s).iter_errors(doc))
        name = path.rsplit("/", 1)[-1]
        if errors:
            bad = 1
            e = errors[0]
            print("%s: %d errors; first at %s: %s" % (
                name, len(errors), "/".join(map(str, e.absolute_path)), e.message[:200]))
        else:
            print("%s: valid (%d documents)" % (name, len(docs)))
    return bad


if __name__ == "__main__":
    sys.exit(main())
