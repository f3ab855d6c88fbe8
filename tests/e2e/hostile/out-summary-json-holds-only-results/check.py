"""Check --format json --summary: the results document holds only
"results", the summary file only "assess" and "summary", and together they
are the default document, which validates against docs/output.schema.json."""
import json
import sys

import jsonschema

schema_path, results_path, summary_path, default_path = sys.argv[1:5]
schema = json.load(open(schema_path, encoding="utf-8"))
results = json.load(open(results_path, encoding="utf-8"))
summary = json.load(open(summary_path, encoding="utf-8"))
print("results document: members %s" % sorted(results))
print("summary file: members %s" % sorted(summary))
merged = {"assess": summary["assess"], "results": results["results"],
          "summary": summary["summary"]}
print("together %s the default document" % (
    "are" if merged == json.load(open(default_path, encoding="utf-8")) else "are NOT"))
print("%d schema errors" % len(list(
    jsonschema.Draft202012Validator(schema).iter_errors(merged))))
