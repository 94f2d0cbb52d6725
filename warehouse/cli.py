"""python -m warehouse <step>: the build's steps behind `make`. Every step that writes holds
the build lock, so two builds never run at once; a second one says which process holds it
and exits without touching anything."""

import argparse
from pathlib import Path

from warehouse import spark, steps
from warehouse.lock import BuildLocked, build_lock
from warehouse.paths import build_dir, warehouse_path

STEPS = {
    "build": (steps.build, "ingest, then dbt, the GX suites and publish (default)"),
    "ingest": (steps.ingest, "fetch, verify and land every table that changed"),
    "dbt": (steps.dbt, "build the landed data into the build database (downloads nothing)"),
    "validate": (steps.validate, "dbt, the GX suites, then publish (downloads nothing)"),
    "docs": (steps.docs, "dbt docs as one offline HTML file (downloads nothing)"),
    "export": (
        steps.validate,
        "the same as validate: the exports are published with the warehouse",
    ),
    "report": (steps.report, "validate, then say where the report is (exports/report/index.html)"),
    "release": (steps.release, "validate, then pack the exports into one zip and its checksum"),
    "bi-postgres": (steps.bi_postgres, "validate, then load the exports into PostgreSQL (PG*)"),
    "spark": (spark.spark, "every model and dbt test on a local Spark session (downloads nothing)"),
    "compare-engines": (spark.compare_engines, "every mart on Spark against DuckDB's"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    for name, (_, text) in STEPS.items():
        sub.add_parser(name, help=text)
    sub.add_parser("clean", help="remove the data, build folder and warehouse the build made")
    query = sub.add_parser("query", help="run SQL on the warehouse, read-only; print a table")
    query.add_argument("sql", help='e.g. "select * from marts.dim_source"')
    query.add_argument("--csv", action="store_true", help="print every row as CSV instead")
    query.add_argument("--max-rows", type=int, default=40, help="rows the table shows (40)")
    query.add_argument("--warehouse", type=Path, help="the file to open (default: $WAREHOUSE)")
    readme = sub.add_parser("readme", help="write the README's headline table from the warehouse")
    readme.add_argument("--check", action="store_true", help="exit 1 if the README's is stale")
    readme.add_argument("--warehouse", type=Path, help="the file to read (default: $WAREHOUSE)")
    args = parser.parse_args(argv)
    command = args.command or "build"
    try:
        if command == "query":  # a reader: takes no lock, so it runs while a build does
            from warehouse.query import run

            return run(args.sql, args.warehouse or warehouse_path(), args.csv, args.max_rows)
        if command == "readme":  # a reader too
            from warehouse.readme import write

            return write(args.warehouse or warehouse_path(), args.check)
        if command == "clean":
            from warehouse.clean import clean

            return clean()
        with build_lock(build_dir()) as lock:
            return STEPS[command][0](lock)
    except BuildLocked as exc:
        steps.say(f"error: {exc}")
        return 1
