"""`python -m warehouse query "select ..."`: run SQL on the published warehouse, read-only, and
print a table (or CSV with --csv). Neither the warehouse nor any other file can be written:
the file is opened read-only, with DuckDB's access to other files and databases turned off
and that setting locked, so a query cannot ATTACH, COPY TO or read a path either."""

import csv
import sys
from pathlib import Path

import duckdb

from warehouse.errors import QueryError

BATCH_ROWS = 10_000


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.is_file():
        raise QueryError(f"no warehouse at {path}: run `make build` first")
    con = duckdb.connect(str(path), read_only=True)
    for setting in (
        "TimeZone = 'UTC'",
        "enable_external_access = false",
        "lock_configuration = true",
    ):
        con.execute(f"set {setting}")
    return con


def run(sql: str, path: Path, as_csv: bool, max_rows: int) -> int:
    try:
        with connect(path) as con:
            if as_csv:
                _write_csv(con.execute(sql), sys.stdout)
            else:
                con.sql(sql).show(max_rows=max_rows, max_width=10_000)
    except (duckdb.Error, QueryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _write_csv(result: duckdb.DuckDBPyConnection, out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(d[0] for d in result.description)
    while rows := result.fetchmany(BATCH_ROWS):
        writer.writerows(rows)
