"""python -m warehouse <step>: the build's steps behind `make`. The settings are read from
the environment once, here, and passed down. Every step that writes holds the build lock, so
two builds never run at once; a second one says which process holds it and exits without
touching anything."""

import argparse
from collections.abc import Callable
from pathlib import Path

from warehouse import steps
from warehouse.build import spark
from warehouse.console import say
from warehouse.errors import WarehouseError
from warehouse.lock import build_lock
from warehouse.settings import Run, Settings

STEPS: dict[str, tuple[Callable[[Run], int], str]] = {
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
    "bi-local": (
        steps.bi_local,
        "validate, then start a PostgreSQL server under the build folder and load it",
    ),
    "bi-local-stop": (steps.bi_local_stop, "stop the server `bi-local` started"),
    "spark": (spark.spark, "every model and dbt test on a local Spark session (downloads nothing)"),
    "compare-engines": (spark.compare_engines, "every mart on Spark against DuckDB's"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    for name, (_, text) in STEPS.items():
        sub.add_parser(name, help=text)
    sub.add_parser("clean", help="remove the data, build folder and warehouse the build made")
    generated = sub.add_parser("generate", help="write the generated files (dbt sources, lists)")
    generated.add_argument("--check", action="store_true", help="fail if they are out of date")
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
        settings = Settings.from_env()
        if command == "query":  # a reader: takes no lock, so it runs while a build does
            from warehouse.serve.query import run

            return run(args.sql, args.warehouse or settings.warehouse, args.csv, args.max_rows)
        if command == "readme":  # a reader too
            from warehouse.readme import write

            return write(args.warehouse or settings.warehouse, args.check)
        if command == "clean":
            from warehouse.clean import clean

            return clean(settings)
        if command == "generate":
            from warehouse.generate import generate

            return generate(settings.ingest, args.check)
        with build_lock(settings.build_dir) as lock:
            return STEPS[command][0](Run(settings, lock))
    except WarehouseError as exc:
        say(f"error: {exc}")
        return 1
