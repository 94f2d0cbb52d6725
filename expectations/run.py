"""python -m expectations [DUCKDB_FILE]: validate the marts with the suites in suites/.

Each suite is a JSON file reviewed like code. Its `meta` names what it checks: a `table`
(validated whole) or a `query` (for checks on derived figures such as year-over-year change).
GX 1.x cannot validate DuckDB through its SQL datasource, so each table is read into pandas
through a read-only DuckDB connection and validated as a DataFrame. A loosened threshold
carries a dated note in the expectation's `meta`.
"""

import json
import os
import sys
from pathlib import Path

SUITES_DIR = Path(__file__).resolve().parent / "suites"


def load_suites(suites_dir: Path = SUITES_DIR) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(suites_dir.glob("*.json"))]


def _context():
    os.environ["GX_ANALYTICS_ENABLED"] = "False"  # GX would otherwise report usage online
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def validate(db_path: str, suites: list[dict]) -> list[str]:
    """Run every suite; return one line per failed expectation (empty when all pass)."""
    import duckdb
    from great_expectations.core import ExpectationSuite
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    context = _context()
    asset = context.data_sources.add_pandas("warehouse").add_dataframe_asset("marts")
    batches = asset.add_batch_definition_whole_dataframe("whole")
    failures = []
    with duckdb.connect(db_path, read_only=True) as con:
        for doc in suites:
            meta = doc["meta"]
            frame = con.sql(meta.get("query") or f"select * from {meta['table']}").df()
            suite = context.suites.add(
                ExpectationSuite(
                    name=doc["name"],
                    expectations=[
                        ExpectationConfiguration(
                            type=e["type"], kwargs=e["kwargs"], meta=e.get("meta", {})
                        )
                        for e in doc["expectations"]
                    ],
                )
            )
            result = batches.get_batch(batch_parameters={"dataframe": frame}).validate(suite)
            for r in result.results:
                if not r.success:
                    failures.append(f"{doc['name']}: {_describe(r)}")
    return failures


def _describe(r) -> str:
    cfg = r.expectation_config
    kwargs = {k: v for k, v in cfg.kwargs.items() if k not in ("batch_id",)}
    found = r.result or {}
    detail = {
        k: found[k]
        for k in ("observed_value", "unexpected_count", "partial_unexpected_list")
        if k in found
    }
    if r.exception_info and r.exception_info.get("raised_exception"):
        detail["error"] = r.exception_info.get("exception_message")
    return f"{cfg.type} {kwargs} -> {detail}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    db = argv[0] if argv else os.environ.get("WAREHOUSE_PATH", "warehouse.duckdb")
    suites = load_suites()
    failures = validate(db, suites)
    checked = sum(len(s["expectations"]) for s in suites)
    for line in failures:
        print(f"FAIL {line}", file=sys.stderr)
    print(
        f"great expectations: {checked - len(failures)} of {checked} expectations passed "
        f"in {len(suites)} suites ({db})",
        file=sys.stderr,
    )
    return 1 if failures else 0
