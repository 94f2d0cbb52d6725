"""A broken contract check is said as the Spark twin says it: the model, how many rows break
it, and the expression (warehouse/build/contract.py)."""

from pathlib import Path

import duckdb
import pytest

from warehouse.build.contract import broken_contracts


def refusal(build_db: Path) -> str:
    """DuckDB's own message when a contracted table refuses its rows, as dbt shows it."""
    with duckdb.connect(str(build_db)) as con:
        con.execute("create table src as select * from range(5) t(demand_twh)")
        con.execute("create table fct_x__dbt_tmp (demand_twh bigint check (demand_twh < 3))")
        with pytest.raises(duckdb.ConstraintException) as refused:
            con.execute("insert into fct_x__dbt_tmp select * from src")
    return f"Runtime Error in model fct_x (models/marts/x/fct_x.sql)\n  {refused.value}\n"


def test_a_broken_check_names_model_rows_and_expression(tmp_path):
    build_db = tmp_path / "build.duckdb"
    output = refusal(build_db)
    compiled = tmp_path / "compiled" / "ai_energy" / "models" / "marts" / "x" / "fct_x.sql"
    compiled.parent.mkdir(parents=True)
    compiled.write_text('select demand_twh from "build"."main"."src"\n-- a trailing comment')
    said = broken_contracts(output, tmp_path, build_db)
    assert said == ["contract of fct_x: 2 rows break `(demand_twh < 3)`"]


def test_without_the_compiled_sql_the_expression_is_still_named(tmp_path):
    build_db = tmp_path / "build.duckdb"
    said = broken_contracts(refusal(build_db), tmp_path, build_db)
    assert said == ["contract of fct_x: rows break `(demand_twh < 3)`"]
    assert broken_contracts("Failure in test unique_x", tmp_path, build_db) == []
