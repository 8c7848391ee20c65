#!/usr/bin/env python3
"""Validates pipeline files (YAML) and resolved pipelines (JSON) against the committed JSON Schema.

An independent check of tlrun's own validator: it uses the `jsonschema` and `yaml` Python packages.
Usage: check-schema.py SCHEMA FILE...   (files ending in .json are read as JSON, others as YAML)
Prints one line per file and exits 1 when any file does not conform.
"""
import json
import sys

import jsonschema
import yaml


def main() -> int:
    schema_path, files = sys.argv[1], sys.argv[2:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            document = json.load(f) if path.endswith(".json") else yaml.safe_load(f)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        for error in errors:
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            print(f"{path}: {where}: {error.message}")
        print(f"{path}: {'conforms' if not errors else 'DOES NOT CONFORM'}")
        failed += bool(errors)
    print(f"{len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
