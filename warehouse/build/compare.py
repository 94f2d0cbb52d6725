"""Same answers on both engines: every mart the DuckDB build holds against the Parquet table
Spark wrote for it. Row count, keys, column names and types, every value; floats within a
relative tolerance (the engines may sum in another order), or an absolute one near zero.
Each difference names the mart, the column and a few sample keys.

Rows are paired by the mart's grain (the `unique` columns of its `row_checks` test, or an
unconditional `unique` or `unique_combination_of_columns` test, in dbt's manifest), else by
every column that is not a float; rows sharing a key are paired in sorted order, so a grain
that is not unique still compares row for row."""

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.sql import ident, literal

RELATIVE_TOLERANCE = 1e-9
# Below this, a float is rounding residue in any of the warehouse's units: a difference of
# two equal sums is -5.6e-17 GW in DuckDB and 0.0 in Spark, which no relative bound accepts.
ABSOLUTE_TOLERANCE = 1e-12
FLOATS = ("FLOAT", "DOUBLE", "REAL")
SAMPLES = 3


@dataclass
class Mart:
    name: str
    key: list[str]
    columns: dict[str, str]  # name -> DuckDB type


def grain_keys(manifest: Path) -> dict[str, list[str]]:
    """Each model's grain from its uniqueness tests in dbt's manifest: the narrowest test
    without a `where` (a conditional test is no key)."""
    keys: dict[str, list[str]] = {}
    for node in json.loads(manifest.read_text())["nodes"].values():
        if node["resource_type"] != "test" or not (columns := unique_key(node)):
            continue
        model = node["attached_node"].rsplit(".", 1)[-1]
        if model not in keys or len(columns) < len(keys[model]):
            keys[model] = columns
    return keys


def unique_key(test: dict) -> list[str]:
    """The columns a dbt test holds unique with no `where`: a `unique` test's column, a
    `unique_combination_of_columns` test's, or the grain (`unique`) of a `row_checks` test
    (macros/tests/row_checks.sql); [] for any other test."""
    meta = test.get("test_metadata") or {}
    kwargs = meta.get("kwargs", {})
    if test["config"].get("where"):
        return []
    if meta.get("name") == "unique":
        return [kwargs["column_name"]]
    if meta.get("name") == "unique_combination_of_columns":
        return list(kwargs["combination_of_columns"])
    if meta.get("name") == "row_checks":
        return list(kwargs.get("unique") or [])
    return []


def dbt_marts(manifest: Path) -> set[str]:
    """The tables dbt builds in the marts schema (publishing adds tables of its own; an
    ephemeral model is a CTE, no table)."""
    nodes = json.loads(manifest.read_text())["nodes"].values()
    return {
        n["alias"]
        for n in nodes
        if n["resource_type"] == "model" and n["schema"] == "marts" and not ephemeral(n)
    }


def ephemeral(node: dict) -> bool:
    """A model dbt makes no table of (a CTE in the models that read it)."""
    return node["config"]["materialized"] == "ephemeral"


def compare(
    build_db: Path, spark_marts: Path, keys: dict[str, list[str]], marts: set[str] | None = None
) -> list[str]:
    """Every difference between the `marts` schema of `build_db` (only `marts`, if given)
    and the tables under `spark_marts` (one folder of Parquet files per mart), as sentences."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"attach {literal(build_db)} as duck (read_only)")
    duck = {
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() "
            "where database_name = 'duck' and schema_name = 'marts'"
        ).fetchall()
    }
    duck = duck & marts if marts is not None else duck
    spark = {p.name for p in spark_marts.iterdir() if p.is_dir()} if spark_marts.is_dir() else set()
    differences = [f"{name}: built by DuckDB, not by Spark" for name in sorted(duck - spark)]
    differences += [f"{name}: built by Spark, not by DuckDB" for name in sorted(spark - duck)]
    for name in sorted(duck & spark):
        files = literal(spark_marts / name / "*.parquet")
        try:
            con.execute(f"create or replace view spark_mart as select * from read_parquet({files})")
        except duckdb.Error as exc:
            differences.append(f"{name}: Spark's files cannot be read: {exc}")
            continue
        con.execute(f"create or replace view duck_mart as select * from duck.marts.{ident(name)}")
        differences += [f"{name}: {d}" for d in _compare_mart(con, name, keys.get(name))]
    return differences


def _compare_mart(con, name: str, key: list[str] | None) -> list[str]:
    duck, spark = (_columns(con, view) for view in ("duck_mart", "spark_mart"))
    differences = [
        f"column {c}: {_side(duck, c)} in DuckDB, {_side(spark, c)} in Spark"
        for c in sorted(duck.keys() | spark.keys())
        if _type_family(duck.get(c)) != _type_family(spark.get(c))
    ]
    if duck.keys() != spark.keys():
        return differences
    mart = Mart(name, key or [c for c, t in duck.items() if t not in FLOATS], duck)
    (duck_rows,), (spark_rows,) = (
        con.execute(f"select count(*) from {view}").fetchone()
        for view in ("duck_mart", "spark_mart")
    )
    if duck_rows != spark_rows:
        differences.append(f"{duck_rows} rows in DuckDB, {spark_rows} in Spark")
    return differences + _compare_rows(con, mart)


def _compare_rows(con, mart: Mart) -> list[str]:
    """Pair the rows by key, then say which rows are on one side only and, per column, in
    how many paired rows the values differ, with samples."""
    numbered = (
        f"select *, row_number() over (partition by {', '.join(map(ident, mart.key))} "
        f"order by {', '.join(f'{ident(c)} nulls last' for c in mart.columns)}) as _pair "
        "from {view}"
    )
    picked = [f"coalesce(d.{ident(k)}, s.{ident(k)}) as {ident('key_' + k)}" for k in mart.key]
    for column, data_type in mart.columns.items():
        picked += [
            f"{_differ(column, data_type)} as {ident('differs_' + column)}",
            f"d.{ident(column)} as {ident('duck_' + column)}",
            f"s.{ident(column)} as {ident('spark_' + column)}",
        ]
    same_key = " and ".join(f"d.{ident(k)} is not distinct from s.{ident(k)}" for k in mart.key)
    con.execute(f"""
        create or replace temp table paired as
        with d as ({numbered.format(view="duck_mart")}),
             s as ({numbered.format(view="spark_mart")})
        select d._pair is null as only_spark, s._pair is null as only_duck, {", ".join(picked)}
        from d full outer join s on d._pair = s._pair and {same_key}""")
    differences = []
    for flag, side in (("only_duck", "DuckDB"), ("only_spark", "Spark")):
        rows, samples = _samples(con, flag, mart.key, [])
        if rows:
            differences.append(f"{rows} rows only in {side} (key {', '.join(mart.key)}), {samples}")
    for column in mart.columns:
        where = f"{ident('differs_' + column)} and not only_duck and not only_spark"
        rows, samples = _samples(con, where, mart.key, [column])
        if rows:
            differences.append(f"column {column} differs in {rows} rows, {samples}")
    return differences


def _samples(con, where: str, key: list[str], columns: list[str]) -> tuple[int, str]:
    rows = _one(con, f"select count(*) from paired where {where}")
    if not rows:
        return 0, ""
    picked = [f"key_{k}" for k in key] + [f"{s}_{c}" for c in columns for s in ("duck", "spark")]
    found = con.execute(
        f"select {', '.join(ident(p) for p in picked)} from paired where {where} "
        f"order by all limit {SAMPLES}"
    ).fetchall()
    examples = []
    for row in found:
        keys = ", ".join(f"{k}={v}" for k, v in zip(key, row, strict=False))
        values = row[len(key) :]
        examples.append(
            f"({keys})" + (f": DuckDB {values[0]!r}, Spark {values[1]!r}" if columns else "")
        )
    return rows, "e.g. " + "; ".join(examples)


def _differ(column: str, data_type: str) -> str:
    """SQL true where the paired values differ: floats beyond both tolerances,
    instants compared as instants, anything else exactly (a null equals only a null)."""
    d, s = f"d.{ident(column)}", f"s.{ident(column)}"
    if data_type in FLOATS:
        return (
            f"not ({d} is not distinct from {s} or abs({d} - {s}) <= "
            f"{ABSOLUTE_TOLERANCE} + {RELATIVE_TOLERANCE} * greatest(abs({d}), abs({s})))"
        )
    if _type_family(data_type) == "TIMESTAMP":
        return f"{d}::timestamptz is distinct from {s}::timestamptz"
    return f"{d} is distinct from {s}"


def _one(con, sql: str):
    """The single value a query returns (fetched whole: DuckDB keeps a partly fetched
    result open on the connection)."""
    return con.execute(sql).fetchall()[0][0]


def _columns(con, view: str) -> dict[str, str]:
    return {name: data_type for name, data_type, *_ in con.execute(f"describe {view}").fetchall()}


def _type_family(data_type: str | None) -> str | None:
    """DuckDB's timestamp and timestamptz are both Spark's timestamp (an instant; both
    sessions run in UTC): compared as one."""
    if data_type in ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE"):
        return "TIMESTAMP"
    return data_type


def _side(columns: dict[str, str], column: str) -> str:
    return columns.get(column, "missing")
