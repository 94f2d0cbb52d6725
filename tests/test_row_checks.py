"""macros/tests/row_checks.sql, the one test per model for its grain, required columns,
references, ranges, accepted values and expressions: on a small dbt project, each kind of
failure is found and said (a duplicate key, a null, a value missing from the table it refers
to, a value outside a range, inclusive or not, a value not in a list, quoted or not, an
expression false or null) and a null passes a reference, a range and a list, as dbt's
relationships, accepted_range and accepted_values tests let it. The same project runs on
Spark in tests/test_spark.py."""

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SAVED_PARSE, saved_parse

TYPED = """
select
    cast(geography_code as {{{{ dbt.type_string() }}}}) as geography_code,
    cast(year as {{{{ dbt.type_int() }}}}) as year,
    cast(parent_code as {{{{ dbt.type_string() }}}}) as parent_code,
    cast(value_twh as {{{{ dbt.type_float() }}}}) as value_twh
from ({}
) as rows_in
"""
# Models of a small project, built on DuckDB here and on Spark in tests/test_spark.py. The
# test on `checked` warns rather than fails, so that `row_check_failures` (the test's own
# SQL, called as a macro) still builds and shows its rows on either engine.
ROW_CHECKS_MODELS = {
    "models/row_checks.yml": """
version: 2
models:
  - name: parents
    config: {contract: {enforced: false}}
  - name: row_check_failures
    config: {contract: {enforced: false}}
  - name: checked
    config: {contract: {enforced: false}}
    data_tests:
      - row_checks:
          name: row_checks_checked
          arguments: &checks
            unique: [geography_code, year]
            not_null: [year, value_twh]
            references:
              - {column: parent_code, to: ref('parents'), field: code}
            ranges:
              - {column: value_twh, min_value: 0, max_value: 3}
              - {column: value_twh, min_value: 0, max_value: 4, inclusive: false}
            accepted_values:
              - {column: geography_code, values: [FRA, DEU]}
              - {column: year, values: [2023, 2024], quote: false}
            expressions:
              - value_twh > 0
              - coalesce(parent_code, '') <> 'XXX' or geography_code = 'DEU'
          config: {severity: warn}
  - name: passes
    config: {contract: {enforced: false}}
    data_tests:
      - row_checks:
          name: row_checks_passes
          arguments: *checks
""",
    "models/parents.sql": """
select cast('FRA' as {{ dbt.type_string() }}) as code
union all select 'DEU'
""",
    "models/checked.sql": TYPED.format(
        """
    select 'FRA' as geography_code, 2023 as year, 'FRA' as parent_code, 1.0 as value_twh
    union all select 'FRA', 2023, 'DEU', 2.0
    union all select 'DEU', null, null, null
    union all select 'DEU', 2024, 'XXX', null
    union all select 'ITA', 2024, 'XXX', 4.0
    union all select 'FRA', 2025, 'FRA', 2.5"""
    ),
    "models/passes.sql": TYPED.format(
        """
    select 'FRA' as geography_code, 2023 as year, 'FRA' as parent_code, 1.0 as value_twh
    union all select 'FRA', 2024, null, 2.0
    union all select 'DEU', 2024, 'DEU', 3.0"""
    ),
    "models/row_check_failures.sql": """
select * from ({{ test_row_checks(
    ref('checked'),
    unique=['geography_code', 'year'],
    not_null=['year', 'value_twh'],
    references=[{'column': 'parent_code', 'to': ref('parents'), 'field': 'code'}],
    ranges=[
        {'column': 'value_twh', 'min_value': 0, 'max_value': 3},
        {'column': 'value_twh', 'min_value': 0, 'max_value': 4, 'inclusive': false},
    ],
    accepted_values=[
        {'column': 'geography_code', 'values': ['FRA', 'DEU']},
        {'column': 'year', 'values': [2023, 2024], 'quote': false},
    ],
    expressions=["value_twh > 0", "coalesce(parent_code, '') <> 'XXX' or geography_code = 'DEU'"],
) }}) as keyed
union all
select * from ({{ test_row_checks(ref('checked'), expressions=['value_twh > 0']) }}) as counted
""",
}
# What row_checks says of `checked`: one row per duplicated key, per row with a null, per
# missing value, per value outside a range or list, per row an expression is not true on (at
# its grain; counted where the test has none). The nulls of ('DEU', null) pass the reference,
# the ranges and the lists, and `passes` holds 3.0, the inclusive bound.
ROW_CHECK_FAILURES = [
    ("accepted_range", "value_twh=4.0 outside (0, 4) x1"),
    ("accepted_range", "value_twh=4.0 outside [0, 3] x1"),
    ("accepted_values", "geography_code=ITA not in accepted values x1"),
    ("accepted_values", "year=2025 not in accepted values x1"),
    (
        "expression_is_true",
        "not true: coalesce(parent_code, '') <> 'XXX' or geography_code = 'DEU'"
        " at (geography_code, year)=(ITA, 2024)",
    ),
    ("expression_is_true", "not true: value_twh > 0 at (geography_code, year)=(DEU, 2024)"),
    ("expression_is_true", "not true: value_twh > 0 at (geography_code, year)=(DEU, null)"),
    ("expression_is_true", "not true: value_twh > 0 x2"),
    ("not_null", "null: value_twh at (geography_code, year)=(DEU, 2024)"),
    ("not_null", "null: year value_twh at (geography_code, year)=(DEU, null)"),
    ("relationships", "parent_code=XXX not in parents.code x2"),
    ("unique", "duplicate key (geography_code, year)=(FRA, 2023) x2"),
]
ROW_CHECK_LOG = ["WARN 11 row_checks_checked", "PASS row_checks_passes"]

PROJECT = """
name: row_checks_check
version: "1.0.0"
config-version: 2
profile: ai_energy
macro-paths: [macros]
models:
  row_checks_check:
    +materialized: table
"""


def write_project(project: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    (project / "macros").symlink_to(REPO / "macros")


@pytest.mark.slow
def test_each_check_names_what_fails_and_a_null_reference_passes(tmp_path):
    project, out = tmp_path / "project", tmp_path / "out"
    write_project(project, {"dbt_project.yml": PROJECT, **ROW_CHECKS_MODELS})
    out.mkdir()
    env = {
        **os.environ,
        "DO_NOT_TRACK": "1",
        "DBT_TARGET_PATH": str(out / "target"),
        "DBT_LOG_PATH": str(out / "logs"),
    }
    # dbt runs in `out`, and writes the profile's default, target/build.duckdb, there: the
    # profile's values stay the same from one session to the next, and so does its saved parse
    env.pop("BUILD_DB", None)
    command = [str(REPO / ".venv" / "bin" / "dbt"), "build", "--project-dir", str(project)]
    with saved_parse(out / "target", SAVED_PARSE.with_name("row_checks.msgpack")):
        result = subprocess.run(
            [*command, "--profiles-dir", str(REPO)],
            cwd=out,
            env=env,
            capture_output=True,
            text=True,
        )
        log = " ".join((result.stdout + result.stderr).split())
        assert result.returncode == 0, log
    for line in ROW_CHECK_LOG:
        assert line in log
    with duckdb.connect(str(out / "target" / "build.duckdb"), read_only=True) as con:
        rows = con.sql("select failed_check, detail from main.row_check_failures order by all")
        assert rows.fetchall() == ROW_CHECK_FAILURES
