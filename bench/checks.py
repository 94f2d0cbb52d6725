"""The checks one build executes, counted from what it ran, so that a faster build can show it
checks no less (issue 21): pandera's checks on each landed table, dbt's data tests and unit
tests (from run_results.json), the contract constraints DuckDB enforced while writing the
marts, and the Great Expectations suites' expectations.

A check is one guarantee on one column (or one rule on a table): a `row_checks` test
(macros/tests/row_checks.sql) counts one for its grain, one per required column, per
reference, per range, per column of accepted values and per expression, as the
`unique_combination_of_columns`, `not_null`, `relationships`, `accepted_range`,
`accepted_values` and `expression_is_true` tests it replaces did; a column whose contract
already holds it not null is counted once, not twice."""

import json
from collections import Counter
from pathlib import Path

from expectations.run import load_suites
from ingest.registry import load_registry

NOT_NULL = {"not_null", "primary_key"}


def count(build_dir: Path, data_dir: Path) -> dict[str, int]:
    """The checks the last build in `build_dir` ran on the tables landed in `data_dir`."""
    manifest = json.loads((build_dir / "manifest.json").read_text())
    results = json.loads((build_dir / "run_results.json").read_text())["results"]
    nodes = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    ran = [nodes[r["unique_id"]] for r in results if r["unique_id"] in nodes]
    found = Counter(dbt_nodes=len(results), pandera=pandera_checks(data_dir))
    not_null = set()  # (model id, column) a contract holds not null
    for node in ran:
        if node["resource_type"] == "model" and node["config"]["contract"]["enforced"]:
            found["contracts"] += 1
            for name, column in node["columns"].items():
                kinds = {c["type"] for c in column.get("constraints", [])}
                found["contract_constraints"] += len(column.get("constraints", []))
                if kinds & NOT_NULL:
                    not_null.add((node["unique_id"], name))
            found["contract_constraints"] += len(node.get("constraints", []))
    for node in ran:
        if node["resource_type"] == "unit_test":
            found["dbt_unit_tests"] += 1
        elif node["resource_type"] == "test":
            found["dbt_data_tests"] += _test_checks(node, not_null)
    found["gx_expectations"] = sum(len(s.expectations) for s in load_suites())
    found["checks"] = sum(v for k, v in found.items() if k not in ("dbt_nodes", "checks"))
    return dict(found)


def _test_checks(test: dict, not_null: set) -> int:
    meta = test.get("test_metadata") or {}
    kwargs = meta.get("kwargs", {})
    if meta.get("name") == "row_checks":
        model = test.get("attached_node")
        required = {c for c in kwargs.get("not_null") or [] if (model, c) not in not_null}
        lists = ("references", "ranges", "accepted_values", "expressions")
        return (
            bool(kwargs.get("unique"))
            + len(required)
            + sum(len(kwargs.get(k) or []) for k in lists)
        )
    if meta.get("name") == "not_null" and not test["config"].get("where"):
        return int((test.get("attached_node"), kwargs.get("column_name")) not in not_null)
    return 1


def pandera_checks(data_dir: Path) -> int:
    """pandera's checks on the tables landed in `data_dir`: per column its presence and type,
    not null, unique and each value check; per table each dataframe check and its key."""
    manifests = data_dir.glob("raw/*/*.manifest.json")
    landed = {f"{p.parent.name}.{p.name.split('.')[0]}" for p in manifests}
    total = 0
    for source in load_registry().values():
        for table in source.tables.values():
            if table.qualified_name not in landed:
                continue
            schema = table.schema_model().to_schema()
            for column in schema.columns.values():
                total += 1 + (not column.nullable) + bool(column.unique) + len(column.checks)
            total += len(schema.checks) + bool(schema.unique)
    return total
