"""The validation results kept with the data: a table in the marts schema (so the published
warehouse and the exports carry it, and the catalog describes it) and an offline HTML page
rendered from that table (inline CSS, no script, nothing fetched)."""

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import jinja2

TABLE = "validation_results"
DESCRIPTION = (
    "Every Great Expectations check this build ran on the marts (expectations/suites/): one "
    "row per suite and expectation, with its bound, why the bound is what it is, the result "
    "and what was observed. The row-by-row checks (types, keys, nulls, ranges, shares in "
    "[0, 1]) are dbt's tests and contracts; a build publishes only when all pass."
)
COLUMNS = {  # name -> (type, description); the grain is the primary key
    "suite": ("varchar not null", "The suite: expectations/suites/<suite>.json"),
    "expectation_number": ("integer not null", "The expectation's place in its suite, from 1"),
    "mart": ("varchar not null", "The mart the suite guards (a table of this schema)"),
    "expectation": (
        "varchar not null",
        "The Great Expectations check (expect_column_values_to_be_between, ...)",
    ),
    "column_name": ("varchar", "The column it checks; null for a check on the whole table"),
    "bounds": (
        "varchar not null",
        "Its arguments but the column, as JSON (min_value, max_value, quantile ranges, "
        "row_condition...), in the checked column's unit",
    ),
    "why": (
        "varchar not null",
        "Why the bound is what it is: a published figure, a physical limit, a past maximum",
    ),
    "result": (
        "varchar not null",
        "passed, failed, or error (the check could not run: a mart, column or query missing)",
    ),
    "observed_value": (
        "varchar",
        "What the check measured, as JSON (a median, quantiles, a row count), in the checked "
        "column's unit; null for row-by-row checks, which count unexpected rows instead",
    ),
    "rows_checked": (
        "bigint",
        "Values a row-by-row check saw (count; nulls and rows outside its row_condition are "
        "not checked)",
    ),
    "unexpected_count": ("bigint", "Rows outside the bounds (count), for row-by-row checks"),
    "failing_sample": (
        "varchar",
        "Up to 5 failing rows as JSON: their keys (geography_code, year...) and the value",
    ),
    "error_message": ("varchar", "Why the check could not run, where result is error"),
    "validated_at": ("timestamp with time zone not null", "When the suites ran, UTC"),
}
KEY = ("suite", "expectation_number")
JSON_COLUMNS = ("bounds", "observed_value", "failing_sample")


def records(outcomes: list, validated_at: datetime) -> list[dict]:
    """The outcomes as the table holds them (bounds, observed values and samples as JSON)."""
    return [
        {
            name: _cell(name, value)
            for name, value in {**asdict(o), "validated_at": validated_at}.items()
        }
        for o in outcomes
    ]


def write_table(db_path: Path | str, rows: list[dict]) -> None:
    """Replace marts.validation_results in `db_path` with these records."""
    target = f"marts.{TABLE}"
    columns = ", ".join(f"{name} {kind}" for name, (kind, _) in COLUMNS.items())
    with duckdb.connect(str(db_path)) as con:
        con.execute(f"create or replace table {target} ({columns}, primary key ({', '.join(KEY)}))")
        if rows:
            con.executemany(
                f"insert into {target} ({', '.join(COLUMNS)}) "
                f"values ({', '.join('?' * len(COLUMNS))})",
                [[row[name] for name in COLUMNS] for row in rows],
            )
        con.execute(f"comment on table {target} is {_literal(DESCRIPTION)}")
        for name, (_, text) in COLUMNS.items():
            con.execute(f"comment on column {target}.{name} is {_literal(text)}")


def read_table(db_path: Path | str) -> list[dict]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        relation = con.sql(f"select * from marts.{TABLE}")
        return [dict(zip(relation.columns, r, strict=True)) for r in relation.fetchall()]


def write_page(page: Path, rows: list[dict]) -> None:
    """The records as one self-contained HTML page, by mart."""
    marts: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: (r["mart"], r["suite"], r["expectation_number"])):
        marts.setdefault(row["mart"], []).append(row)
    validated_at = rows[0]["validated_at"].astimezone(UTC) if rows else None
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        _TEMPLATE.render(
            marts=marts,
            total=len(rows),
            failed=sum(r["result"] != "passed" for r in rows),
            validated_at=validated_at.isoformat(timespec="seconds") if validated_at else "",
        ),
        encoding="utf-8",
    )


def _cell(name: str, value):
    if name in JSON_COLUMNS:
        return None if value is None or value == [] else json.dumps(value, ensure_ascii=False)
    return value


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    (Path(__file__).parent / "page.html").read_text(encoding="utf-8")
)
