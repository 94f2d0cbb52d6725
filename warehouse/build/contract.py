"""A broken contract, said as the Spark twin says it (macros/spark/constraints.sql): DuckDB
refuses the whole table naming only the expression, so count the rows of the model's
compiled SQL that break it."""

import re
from pathlib import Path

import duckdb

BROKEN = re.compile(
    r'CHECK constraint failed on table "(\w+?)(?:__dbt_tmp)?" with expression CHECK\((.*)\)\s*$',
    re.M,
)


def broken_contracts(output: str, build_dir: Path, build_db: Path) -> list[str]:
    """`contract of <model>: N rows break `<expression>`` for each check DuckDB refused in
    dbt's `output`; without the count where the model's SQL cannot be read again."""
    return [_said(model, expr, build_dir, build_db) for model, expr in BROKEN.findall(output)]


def _said(model: str, expression: str, build_dir: Path, build_db: Path) -> str:
    said = f"contract of {model}: rows break `{expression}`"
    compiled = next(build_dir.glob(f"compiled/*/models/**/{model}.sql"), None)
    if compiled is None or not build_db.is_file():
        return said
    sql = (
        f"select count(*) from (\n{compiled.read_text()}\n) where not coalesce({expression}, true)"
    )
    try:
        with duckdb.connect(str(build_db), read_only=True) as con:
            (rows,) = con.execute(sql).fetchone() or (0,)
    except duckdb.Error:
        return said
    return f"contract of {model}: {rows} rows break `{expression}`"
