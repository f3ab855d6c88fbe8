"""Check --format ndjson --summary: every line of the results file is a
result (pandas.read_json(lines=True) gets no metadata row), and the summary
file is one document, valid as the NDJSON trailer of docs/output.schema.json."""
import json
import sys

import jsonschema

schema_path, results_path, summary_path = sys.argv[1:4]
schema = json.load(open(schema_path, encoding="utf-8"))


def part(name):
    s = dict(schema, **{"$ref": "#/$defs/" + name})
    for k in ("type", "required", "properties", "additionalProperties"):
        s.pop(k, None)
    return jsonschema.Draft202012Validator(s)


lines = [json.loads(l) for l in open(results_path, encoding="utf-8")]
print("%d lines, %d with a status, %d schema errors" % (
    len(lines), sum("status" in l for l in lines),
    sum(len(list(part("result").iter_errors(l))) for l in lines)))
summary = json.load(open(summary_path, encoding="utf-8"))
print("summary file: members %s, %d schema errors" % (
    sorted(summary), len(list(part("trailer").iter_errors(summary)))))
