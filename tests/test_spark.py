"""The same project on Spark (`make spark`) and the comparison of its marts with DuckDB's
(`make compare-engines`).

The comparison is tested here without Spark, on Parquet that DuckDB writes in Spark's layout
(one folder per mart). The Spark runs are marked `spark` (and `build`), and skipped where
.venv-spark or Java 17 is missing (`make setup-spark` makes the first; .ci/run does both):
`make test` never needs Java."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, Workspace, make
from tests.test_row_checks import (
    ROW_CHECK_FAILURES,
    ROW_CHECK_LOG,
    ROW_CHECKS_MODELS,
    write_project,
)
from warehouse.build.compare import compare, dbt_marts, grain_keys
from warehouse.build.spark import java_problem

MART = """
    create schema marts;
    create table marts.fct_x (
        geography_code varchar, year integer, demand_twh double, note varchar,
        landed_at timestamptz
    );
    insert into marts.fct_x values
        ('USA', 2024, 4386.5, null, '2025-01-01 00:00:00+00'),
        ('IRL', 2024, 33.2, 'n', '2025-01-01 00:00:00+00'),
        ('IRL', 2023, 31.0, 'n', '2025-01-01 00:00:00+00');
    create table marts.dim_y as select 'a' as code;
"""
KEYS = {"fct_x": ["geography_code", "year"], "dim_y": ["code"]}


@pytest.fixture
def engines(tmp_path) -> tuple[Path, Path]:
    """A DuckDB build database with two marts, and the same marts as Spark leaves them."""
    db, marts = tmp_path / "build.duckdb", tmp_path / "spark" / "marts"
    with duckdb.connect(str(db)) as con:
        con.execute(MART)
    spark_writes(db, marts, "fct_x", "select * from marts.fct_x")
    spark_writes(db, marts, "dim_y", "select * from marts.dim_y")
    return db, marts


def spark_writes(db: Path, marts: Path, name: str, sql: str) -> None:
    """Parquet in <marts>/<name>/, as Spark writes a table (instants as UTC timestamps)."""
    (marts / name).mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"copy ({sql}) to '{marts / name / 'part-00000.parquet'}' (format parquet)")


def test_the_same_marts_have_no_difference(engines):
    assert compare(*engines, KEYS) == []
    db, marts = engines
    with duckdb.connect(str(db)) as con:  # a table publishing adds (dim_build) is no mart
        con.execute("create table marts.dim_build as select 1 as id")
    assert compare(db, marts, KEYS, {"fct_x", "dim_y"}) == []
    assert compare(db, marts, KEYS) == ["dim_build: built by DuckDB, not by Spark"]


def test_floats_agree_within_a_relative_1e9_or_near_zero(engines):
    db, marts = engines
    spark_writes(
        db,
        marts,
        "fct_x",
        "select * replace (demand_twh * (1 + 1e-10) as demand_twh) from marts.fct_x",
    )
    assert compare(db, marts, KEYS) == []
    with duckdb.connect(str(db)) as con:  # two equal sums, one of them -5.6e-17
        con.execute("update marts.fct_x set demand_twh = 0.1 + 0.2 - 0.3 where year = 2023")
    spark_writes(
        db, marts, "fct_x", "select * replace (round(demand_twh, 6) as demand_twh) from marts.fct_x"
    )
    assert compare(db, marts, KEYS) == []
    spark_writes(
        db,
        marts,
        "fct_x",
        "select * replace (case when year = 2023 then 1e-11 else demand_twh end as demand_twh) "
        "from marts.fct_x",
    )
    assert compare(db, marts, KEYS)[0].startswith("fct_x: column demand_twh differs in 1 rows")
    with duckdb.connect(str(db)) as con:
        con.execute("update marts.fct_x set demand_twh = 31.0 where year = 2023")
    spark_writes(
        db,
        marts,
        "fct_x",
        "select * replace (case when year = 2023 then demand_twh + 1e-6 else demand_twh "
        "end as demand_twh) from marts.fct_x",
    )
    (difference,) = compare(db, marts, KEYS)
    assert difference.startswith(
        "fct_x: column demand_twh differs in 1 rows, e.g. (geography_code=IRL, year=2023): "
        "DuckDB 31.0, Spark 31.000001"
    )


def test_a_changed_value_or_null_names_mart_column_and_keys(engines):
    db, marts = engines
    spark_writes(
        db,
        marts,
        "fct_x",
        "select * replace (case when geography_code = 'IRL' then 'x' else 'y' end as note) "
        "from marts.fct_x",
    )
    assert compare(db, marts, KEYS) == [
        "fct_x: column note differs in 3 rows, e.g. (geography_code=IRL, year=2023): DuckDB "
        "'n', Spark 'x'; (geography_code=IRL, year=2024): DuckDB 'n', Spark 'x'; "
        "(geography_code=USA, year=2024): DuckDB None, Spark 'y'"
    ]


def test_rows_on_one_side_only_are_named_by_key(engines):
    db, marts = engines
    spark_writes(
        db,
        marts,
        "fct_x",
        "select * replace (case when year = 2023 then 2022 else year end as year) from marts.fct_x",
    )
    assert compare(db, marts, KEYS) == [
        "fct_x: 1 rows only in DuckDB (key geography_code, year), e.g. "
        "(geography_code=IRL, year=2023)",
        "fct_x: 1 rows only in Spark (key geography_code, year), e.g. "
        "(geography_code=IRL, year=2022)",
    ]
    spark_writes(db, marts, "fct_x", "select * from marts.fct_x where year = 2024")
    assert compare(db, marts, KEYS)[0] == "fct_x: 3 rows in DuckDB, 2 in Spark"


def test_a_missing_mart_a_missing_column_and_a_changed_type(engines):
    db, marts = engines
    shutil.rmtree(marts / "dim_y")
    (marts / "dim_w").mkdir()  # a folder without Parquet
    with duckdb.connect(str(db)) as con:
        con.execute("create table marts.dim_w as select 1 as id")
    spark_writes(db, marts, "fct_z", "select 1 as id")
    spark_writes(
        db,
        marts,
        "fct_x",
        "select * exclude (note) replace (cast(year as bigint) as year) from marts.fct_x",
    )
    differences = compare(db, marts, KEYS)
    assert differences.pop(2).startswith("dim_w: Spark's files cannot be read: IO Error: No files")
    assert differences == [
        "dim_y: built by DuckDB, not by Spark",
        "fct_z: built by Spark, not by DuckDB",
        "fct_x: column note: VARCHAR in DuckDB, missing in Spark",
        "fct_x: column year: INTEGER in DuckDB, BIGINT in Spark",
    ]


def test_instants_compare_as_instants(engines):
    """DuckDB's timestamp with time zone comes back from Spark's Parquet as an instant."""
    db, marts = engines
    spark_writes(
        db,
        marts,
        "fct_x",
        "select * replace (cast(landed_at as timestamp) as landed_at) from marts.fct_x",
    )
    assert compare(db, marts, KEYS) == []
    spark_writes(
        db,
        marts,
        "fct_x",
        "select * replace (landed_at + interval 1 second as landed_at) from marts.fct_x",
    )
    assert compare(db, marts, KEYS)[0].startswith("fct_x: column landed_at differs in 3 rows")


def test_without_a_grain_rows_pair_on_every_column_but_floats(engines):
    db, marts = engines
    spark_writes(
        db, marts, "fct_x", "select * from marts.fct_x union all select * from marts.fct_x"
    )
    assert compare(db, marts, {}) == [
        "fct_x: 3 rows in DuckDB, 6 in Spark",
        "fct_x: 3 rows only in Spark (key geography_code, year, note, landed_at), e.g. "
        "(geography_code=IRL, year=2023, note=n, landed_at=2025-01-01 00:00:00+00:00); "
        "(geography_code=IRL, year=2024, note=n, landed_at=2025-01-01 00:00:00+00:00); "
        "(geography_code=USA, year=2024, note=None, landed_at=2025-01-01 00:00:00+00:00)",
    ]


def test_grain_is_the_narrowest_unconditional_uniqueness_test(tmp_path):
    def test(attached, name, kwargs, where=None):
        return {
            "resource_type": "test",
            "attached_node": f"model.ai_energy.{attached}",
            "test_metadata": {"name": name, "kwargs": kwargs},
            "config": {"where": where},
        }

    nodes = [
        test("fct_a", "unique_combination_of_columns", {"combination_of_columns": ["g", "y", "s"]}),
        test("fct_a", "unique_combination_of_columns", {"combination_of_columns": ["g", "y"]}, "p"),
        test("fct_b", "unique", {"column_name": "code"}),
        test("fct_b", "row_checks", {"unique": ["code", "y"], "not_null": ["code"]}),
        test("fct_c", "not_null", {"column_name": "code"}),
        test("fct_d", "row_checks", {"unique": ["g", "y"], "references": [{"column": "g"}]}),
        test("fct_e", "row_checks", {"not_null": ["g"]}),  # no grain
        {"resource_type": "model", "config": {}},
    ]
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"nodes": {str(i): n for i, n in enumerate(nodes)}}))
    assert grain_keys(manifest) == {
        "fct_a": ["g", "y", "s"],
        "fct_b": ["code"],
        "fct_d": ["g", "y"],
    }


# Spark itself: a JVM and a dbt build each, a few minutes; `make test-fast` leaves them out.

SPARK_VENV = REPO / ".venv-spark" / "bin"
NO_SPARK = java_problem() if SPARK_VENV.is_dir() else "no .venv-spark (`make setup-spark`)"
spark_runs = pytest.mark.skipif(bool(NO_SPARK), reason=f"no Spark here: {NO_SPARK}")


# The tests' Spark builds four marts and all they read: seeds, sources, staging and
# intermediate views, unit tests and the tests on all of them (relationships between the
# marts too), every kind of node, in an eighth of the nodes; Spark registers only the
# sources they read. CI's `make spark` and `make compare-engines` build and compare every
# mart.
MARTS = [
    "fct_capacity__yearly_additions",
    "fct_grid__hourly_carbon_intensity",
    "dim_geography",
    "dim_source",
]
# A JVM that lives a minute spends more CPU compiling with C2 and collecting in parallel than
# it gains: C1 and the serial collector take the tests' Spark build from 82 to 56 CPU-seconds
# (48 to 40 s, idle). CI's whole-project `make spark` runs four minutes and keeps the JVM's
# defaults (C1 only: 450 to 414 CPU-seconds, but 236 to 244 s).
QUICK_JVM = {"JAVA_TOOL_OPTIONS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
SELECTION = {"SPARK_SELECT": " ".join(f"+{mart}" for mart in MARTS), **QUICK_JVM}


@pytest.fixture(scope="module")
def spark_built(built) -> Workspace:
    """`make spark` of SELECTION on the session's fixture build."""
    result = make(built, "spark", env=SELECTION)
    assert result.returncode == 0, result.stdout + result.stderr
    return built


def upstream_marts(manifest: Path, mart: str) -> set[str]:
    """`mart` and the marts it reads, from dbt's manifest."""
    nodes = json.loads(manifest.read_text())["nodes"]
    found, todo = set(), [f"model.ai_energy.{mart}"]
    while todo:
        found.add(node := todo.pop())
        todo += [
            n for n in nodes[node]["depends_on"].get("nodes", []) if n in nodes and n not in found
        ]
    return {n.split(".")[-1] for n in found} & dbt_marts(manifest)


@pytest.mark.build
@pytest.mark.spark
@spark_runs
def test_spark_builds_the_selected_marts_that_duckdb_builds(spark_built):
    marts = spark_built.root / "target" / "spark" / "marts"
    manifest = spark_built.root / "target" / "manifest.json"
    selected = set().union(*(upstream_marts(manifest, mart) for mart in MARTS))
    assert {p.name for p in marts.iterdir() if list(p.glob("*.parquet"))} == selected
    again = make(spark_built, "spark", env=SELECTION)
    assert again.returncode == 0 and "spark: up to date" in again.stderr


@pytest.mark.build
@pytest.mark.spark
@spark_runs
def test_compare_engines_finds_no_difference_then_names_one(spark_built):
    result = make(spark_built, "compare-engines", env=SELECTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "marts are the same on DuckDB and Spark" in result.stderr
    # A value Spark got wrong: USA's 2024 gas capacity, one part in a million.
    mart = spark_built.root / "target" / "spark" / "marts" / "fct_capacity__yearly_additions"
    saved = spark_built.root / "saved mart"
    shutil.move(mart, saved)
    try:
        mart.mkdir()
        with duckdb.connect() as con:
            con.execute(
                "copy (select * replace (case when geography_code = 'USA' and year = 2024 "
                "and technology = 'natural_gas' then capacity_gw * 1.000001 else capacity_gw "
                "end as capacity_gw) "
                f"from read_parquet('{saved}/*.parquet')) to '{mart}/part-0.parquet'"
            )
        result = make(spark_built, "compare-engines", env=SELECTION)
        assert result.returncode != 0
        assert (
            "compare-engines: fct_capacity__yearly_additions: column capacity_gw differs in "
            "1 rows, e.g. (geography_code=USA, year=2024, technology=natural_gas): "
            "DuckDB 484.0, Spark 484.000484" in result.stderr
        ), result.stderr
    finally:
        shutil.rmtree(mart, ignore_errors=True)
        shutil.move(saved, mart)


SPARK_PROJECT = {
    "dbt_project.yml": """
name: spark_check
version: "1.0.0"
config-version: 2
profile: ai_energy
macro-paths: [macros]
on-run-start: ["{{ register_sources() }}"]
models:
  spark_check:
    +materialized: table
    +file_format: parquet
    +location_root: "{{ env_var('SPARK_BUILD_DIR') }}/marts"
    +contract: {enforced: true}
seeds:
  spark_check:
    +file_format: parquet
    +location_root: "{{ env_var('SPARK_BUILD_DIR') }}/marts"
    +column_types: {name: varchar, share_frac: double}
""",
    "models/sources.yml": """
version: 2
sources:
  - name: landed
    meta: {external_location: "{{ env_var('LANDED') }}/{name}.parquet"}
    tables: [{name: readings}]
  - name: json_landed
    tables:
      - name: notes
        meta:
          external_location: "read_json('unused by Spark')"
          spark:
            {format: json, path: "{{ env_var('LANDED') }}/*.json", options: {multiLine: 'true'}}
""",
    "models/models.yml": """
version: 2
models:
  - name: typed
    columns:
      - {name: reading_id, data_type: integer, constraints: [{type: not_null}]}
      - {name: label, data_type: varchar}
      - {name: bad_number, data_type: integer}
      - {name: note, data_type: varchar}
  - name: breaks_not_null
    columns:
      - {name: reading_id, data_type: integer, constraints: [{type: not_null}]}
  - name: breaks_check
    columns:
      - name: reading_id
        data_type: integer
        constraints: [{type: check, expression: reading_id > 0}]
""",
    "models/typed.sql": """
select
    cast(r.reading_id as {{ dbt.type_int() }}) as reading_id,
    r.label,
    {{ dbt.safe_cast("r.label", dbt.type_int()) }} as bad_number,
    n.note
from {{ source('landed', 'readings') }} as r
left join {{ source('json_landed', 'notes') }} as n on r.reading_id = n.reading_id
""",
    "models/breaks_not_null.sql": """
select cast(reading_id as {{ dbt.type_int() }}) as reading_id from {{ ref('typed') }}
union all
select cast(null as {{ dbt.type_int() }}) as reading_id
""",
    "models/breaks_check.sql": """
select cast(reading_id as {{ dbt.type_int() }}) as reading_id from {{ ref('typed') }}
union all
select -1 as reading_id
""",
    "seeds/names.csv": 'name,share_frac\n"Côte d\'Ivoire",0.5\nback\\\\slash,1e-3\n,\n',
}


@pytest.mark.build
@pytest.mark.spark
@pytest.mark.slow  # a JVM's start: mostly waiting, best beside other work than last
@spark_runs
def test_spark_macros_on_a_small_project(tmp_path):
    """Sources from a Parquet path and from meta.spark (JSON), seeds with quotes and
    backslashes typed by their DuckDB names, safe_cast as try_cast, a contract's not_null
    and check constraints held on Parquet tables (the marts breaking them fail), and
    row_checks finding and saying what it does on DuckDB."""
    project, landed, out = tmp_path / "project", tmp_path / "landed", tmp_path / "spark"
    write_project(project, {**SPARK_PROJECT, **ROW_CHECKS_MODELS})
    landed.mkdir()
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * from (values (1, 'one'), (2, '2')) as t(reading_id, label)) "
            f"to '{landed}/readings.parquet' (format parquet)"
        )
    (landed / "notes.json").write_text(json.dumps({"reading_id": 2, "note": "two"}, indent=1))
    env = {
        **os.environ,
        "DO_NOT_TRACK": "1",
        "LANDED": str(landed),
        "SPARK_BUILD_DIR": str(out),
        "DBT_TARGET_PATH": str(out / "dbt"),
        "DBT_LOG_PATH": str(out / "logs"),
        "SPARK_LOCAL_IP": "127.0.0.1",
        **QUICK_JVM,
    }
    dbt = [str(SPARK_VENV / "dbt"), "build", "--target", "spark"]
    result = subprocess.run(
        [*dbt, "--project-dir", str(project), "--profiles-dir", str(REPO)],
        env=env,
        capture_output=True,
        text=True,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 1, log
    assert "contract of breaks_not_null: 1 rows break `reading_id is not null`" in log
    assert "contract of breaks_check: 1 rows break `reading_id > 0`" in log
    for line in ROW_CHECK_LOG:  # macros/tests/row_checks.sql, as on DuckDB
        assert line in " ".join(log.split())
    with duckdb.connect() as con:
        typed = con.sql(f"select * from read_parquet('{out}/marts/typed/*.parquet') order by 1")
        assert typed.fetchall() == [(1, "one", None, None), (2, "2", 2, "two")]
        seed = con.sql(f"select * from read_parquet('{out}/marts/names/*.parquet') order by 1")
        assert seed.fetchall() == [("Côte d'Ivoire", 0.5), ("back\\\\slash", 0.001), (None, None)]
        failed = f"read_parquet('{out}/marts/row_check_failures/*.parquet')"
        failures = con.sql(f"select failed_check, detail from {failed} order by all")
        assert failures.fetchall() == ROW_CHECK_FAILURES
