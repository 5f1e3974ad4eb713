#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks fb-frame-bench's JSON against frame_bench.schema.json (python3-jsonschema).

  check_json_schema.py SCHEMA PROGRAM            PROGRAM writes the sample report's JSON to the
                                                 file named by its argument; it must validate.
  check_json_schema.py --self-check SCHEMA PROGRAM
                                                 broken copies of that document must NOT
                                                 validate (so the check above can fail).
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    sys.exit("check_json_schema: python3-jsonschema is missing (scripts/install-deps.sh installs it)")


def load_sample(program):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "sample.json")
        subprocess.run([program, path], check=True)
        with open(path, encoding="utf-8") as file:
            # Python's json would take NaN and Infinity; JSON has neither.
            return json.load(file, parse_constant=reject_constant)


def reject_constant(name):
    raise ValueError(f"not JSON: {name}")


def validator_for(schema_path):
    with open(schema_path, encoding="utf-8") as file:
        schema = json.load(file)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(validator, document):
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator.iter_errors(document)]


def first_cell(document, status):
    return next(c for c in document["cells"] if c["status"] == status)


def mutations(document):
    """(what, broken copy) pairs; each copy breaks one rule of the schema."""
    def broken(what, change):
        doc = copy.deepcopy(document)
        change(doc)
        return what, doc

    yield broken("missing 'schema'", lambda d: d.pop("schema"))
    yield broken("another schema id", lambda d: d.update(schema="fbmmap-frame-bench/0"))
    yield broken("missing run.backend", lambda d: d["run"].pop("backend"))
    yield broken("unknown run field", lambda d: d["run"].update(colour="blue"))
    yield broken("missing run.rotation", lambda d: d["run"].pop("rotation"))
    yield broken("rotation not a right angle", lambda d: d["run"].update(rotation=45))
    yield broken("rotation as a string", lambda d: d["run"].update(rotation="90"))
    yield broken("bad status", lambda d: d["cells"][0].update(status="skipped"))
    yield broken("missing cell.strategy", lambda d: d["cells"][0].pop("strategy"))
    yield broken("ok cell without figures", lambda d: first_cell(d, "ok").pop("figures"))
    yield broken("ok cell with a reason", lambda d: first_cell(d, "ok").update(reason="x"))
    yield broken("unsupported cell without a reason",
                 lambda d: first_cell(d, "unsupported").pop("reason"))
    yield broken("failed cell with figures", lambda d: first_cell(d, "failed").update(
        figures=first_cell(d, "ok")["figures"]))
    yield broken("missing figures.fps", lambda d: first_cell(d, "ok")["figures"].pop("fps"))
    yield broken("string for a number",
                 lambda d: first_cell(d, "ok")["figures"].update(frame_ms_p95="1.5"))
    yield broken("negative missed_frames",
                 lambda d: first_cell(d, "ok")["figures"].update(missed_frames=-1))
    yield broken("strategy without 'baseline'", lambda d: d["strategies"][0].pop("baseline"))
    yield broken("ratio not a number",
                 lambda d: first_cell(d, "ok")["ratios"].update({"pixman": "fast"}))


def main(argv):
    self_check = argv[1:2] == ["--self-check"]
    args = argv[2:] if self_check else argv[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    schema_path, program = args
    validator = validator_for(schema_path)
    document = load_sample(program)

    if not self_check:
        # Beyond the schema: the sample must hold every kind of cell to prove anything.
        problems = errors(validator, document)
        statuses = {cell["status"] for cell in document["cells"]}
        if statuses != {"ok", "unsupported", "failed"}:
            problems.append(f"the sample lacks a kind of cell: has {sorted(statuses)}")
        missed = [c["figures"]["missed_frames"] for c in document["cells"] if c["status"] == "ok"]
        if None not in missed or not any(isinstance(m, int) for m in missed):
            problems.append("the sample lacks a paced or an unpaced cell")
        for problem in problems:
            print("FAIL:", problem)
        if problems:
            return 1
        print(f"ok: {len(document['cells'])} cells valid against {schema_path}")
        return 0

    failures = 0
    if errors(validator, document):
        print("FAIL: the unbroken sample does not validate:", errors(validator, document)[0])
        failures += 1
    for what, doc in mutations(document):
        found = errors(validator, doc)
        if found:
            print(f"ok: {what} rejected ({found[0]})")
        else:
            print(f"FAIL: {what} was accepted")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
