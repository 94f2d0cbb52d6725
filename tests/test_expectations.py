"""The Great Expectations suites (expectations/): one or more per mart, each bound with its
reason and owned by GX alone (no repeat of a dbt test); the runner's failures name suite,
expectation, column and failing rows with their keys; a suite whose mart is gone fails; the
results travel with the data (a table in the warehouse and the exports, an offline page); and
on the session's fixture build a tampered mart fails the gate (dbt's tests and the suites)
with the mart, the column and the rows named (a contract refuses a value as it is written)."""

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
import yaml

from expectations.results import KEY, TABLE
from expectations.run import SUITES_DIR, Suite, load_suites, resolve_knobs, run, validate
from tests.conftest import REPO, digest, make, query
from warehouse.build.dbt import run_dbt
from warehouse.knobs import knobs
from warehouse.settings import Run

MARTS_DIR = REPO / "models" / "marts"
# Checks that hold row by row belong to dbt (tests and contracts): a suite never repeats them.
DBT_OWNED = {
    "expect_column_to_exist",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_be_in_type_list",
    "expect_column_values_to_be_of_type",
    "expect_column_values_to_be_unique",
    "expect_column_values_to_not_be_null",
    "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_compound_columns_to_be_unique",
    "expect_select_column_values_to_be_unique_within_record",
    "expect_table_columns_to_match_ordered_list",
    "expect_table_columns_to_match_set",
}


def fact_marts() -> set[str]:
    return {p.stem for p in MARTS_DIR.rglob("fct_*.sql")}


def dbt_ranges(mart: str) -> dict[str, tuple]:
    """column -> (min, max) of the mart's ranges held by dbt: its contract's check constraints
    (`x between a and b`, `x >= a`, `x > a and x < b`...) and its row_checks test's ranges."""
    (path,) = MARTS_DIR.rglob(f"{mart}.yml")
    model = next(m for m in yaml.safe_load(path.read_text())["models"] if m["name"] == mart)
    ranges = {}
    for test in model.get("data_tests", []):
        if isinstance(test, dict) and "row_checks" in test:
            for r in test["row_checks"].get("arguments", {}).get("ranges") or []:
                ranges[r["column"]] = (r.get("min_value"), r.get("max_value"))
    for column in model.get("columns", []):
        name = column["name"]
        for constraint in column.get("constraints", []):
            if found := _check_range(name, constraint.get("expression") or ""):
                ranges[name] = found
    return ranges


def _check_range(column: str, expression: str) -> tuple | None:
    number = r"(-?[0-9.]+)"
    if m := re.fullmatch(rf"{column} between {number} and {number}", expression):
        return float(m[1]), float(m[2])
    low = re.search(rf"\b{column} >=? {number}", expression)
    high = re.search(rf"\b{column} <=? {number}", expression)
    if low or high:
        return (float(low[1]) if low else None, float(high[1]) if high else None)
    return None


# The suites as files: reviewable, one owner per check ---------------------------------------


def test_every_suite_names_its_mart_and_every_bound_its_reason():
    suites = load_suites()
    assert suites
    for path in sorted(SUITES_DIR.glob("*.json")):
        doc = json.loads(path.read_text())
        suite = Suite.load(path)
        assert doc["name"] == path.stem and path.stem.split(".")[0] == suite.mart, path.name
        assert suite.mart in fact_marts(), f"{path.name}: no mart {suite.mart} in models/marts"
        assert suite.keys and suite.why, path.name
        for n, e in enumerate(suite.expectations, start=1):
            why = e.get("meta", {}).get("why", "")
            assert len(why) > 30, f"{path.name} #{n}: say why the bound is what it is"


def test_every_fact_mart_has_a_suite():
    guarded = {s.mart for s in load_suites()}
    assert fact_marts() - guarded == set()


def test_no_suite_repeats_a_dbt_test():
    """Issue 7.7: a row-by-row check is dbt's; a suite's range on a mart's own column must be
    tighter than dbt's range on it (a plausibility bound), or it repeats dbt."""
    defaults = {name: (k.default, k.default) for name, k in knobs().items()}
    for suite in load_suites():
        ranges = dbt_ranges(suite.mart)
        for n, e in enumerate(resolve_knobs(suite.expectations, defaults), start=1):
            where = f"{suite.name} #{n} {e['type']}"
            assert e["type"] not in DBT_OWNED, f"{where}: a dbt test or contract owns this"
            column, kwargs = e["kwargs"].get("column"), e["kwargs"]
            if e["type"] != "expect_column_values_to_be_between" or column not in ranges:
                continue
            low, high = ranges[column]
            looser_low = kwargs.get("min_value") is None or (
                low is not None and kwargs["min_value"] <= low
            )
            looser_high = kwargs.get("max_value") is None or (
                high is not None and kwargs["max_value"] >= high
            )
            assert not (looser_low and looser_high), f"{where}: repeats dbt's range on {column}"


# The runner on a small database -------------------------------------------------------------


# The tests that run GX in this process run on one worker under pytest-xdist: importing GX
# takes seconds, once per process.
ON_ONE_WORKER = pytest.mark.xdist_group("gx")


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "build.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            """create table marts.fct_tiny as select * from (values
            ('FRA', 2020, 0.1), ('FRA', 2021, 1.7), ('DEU', 2020, 0.3)) t(geography_code, year,
            share_frac)"""
        )
    return path


def tiny_suite(mart="fct_tiny", column="share_frac") -> Suite:
    return Suite(
        name=f"{mart}.test",
        mart=mart,
        keys=["geography_code", "year"],
        why="test",
        expectations=[
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": column, "min_value": 0, "max_value": 0.5},
                "meta": {"why": "Ireland's 21% is the highest share so far"},
            },
            {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 2}},
        ],
    )


@ON_ONE_WORKER
def test_failure_names_suite_expectation_column_and_rows(tiny_db):
    outcomes = validate(tiny_db, [tiny_suite()])
    failed, passed = outcomes
    assert (failed.result, passed.result) == ("failed", "passed")
    assert passed.observed_value == 3 and failed.rows_checked == 3
    assert failed.failing_sample == [{"geography_code": "FRA", "year": 2021, "share_frac": 1.7}]
    message = failed.message()
    for part in (
        "fct_tiny.test #1",
        "expect_column_values_to_be_between",
        "column share_frac",
        "geography_code=FRA year=2021 share_frac=1.7",
        "Ireland's 21%",
    ):
        assert part in message, message


@ON_ONE_WORKER
def test_missing_mart_or_column_is_an_error_never_a_skip(tiny_db):
    gone = validate(tiny_db, [tiny_suite(mart="fct_gone"), tiny_suite(column="nope")])
    assert [o.result for o in gone] == ["error"] * 3 + ["passed"]
    assert gone[0].error_message == "mart marts.fct_gone is missing from the build"
    assert gone[2].error_message == "no column nope" and "ERROR no column nope" in gone[2].message()


@ON_ONE_WORKER
def test_results_table_and_offline_page(tiny_db, tmp_path, monkeypatch, capsys):
    """Failed: the page says what failed and the table is not written (nothing to publish);
    passed: the table holds every result, keyed by suite and expectation."""
    db, page = tmp_path / "build.duckdb", tmp_path / "validation.html"
    shutil.copy(tiny_db, db)
    monkeypatch.setattr("expectations.run.load_suites", lambda: [tiny_suite()])
    assert run(db, page) == 1
    err = capsys.readouterr().err
    assert re.search(r"fct_tiny\.test\s+2\s+1\n", err)  # the summary: suite, expectations, failures
    assert f"the results: {page}" in err
    html = page.read_text()
    assert "fct_tiny" in html and "1 of 2 expectations passed" in html
    assert "FRA" in html and "2021" in html and "Ireland" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # nothing fetched
    assert "<script" not in html
    assert query(
        None, "select count(*) from duckdb_tables() where table_name = 'validation_results'", db
    ) == [(0,)]

    passing = tiny_suite()
    passing.expectations[0]["kwargs"]["max_value"] = 2
    monkeypatch.setattr("expectations.run.load_suites", lambda: [passing])
    assert run(db, page) == 0
    rows = query(None, f"select * from marts.{TABLE} order by all", db)
    assert [(r[0], r[1], r[7]) for r in rows] == [
        ("fct_tiny.test", 1, "passed"),
        ("fct_tiny.test", 2, "passed"),
    ]
    with duckdb.connect(str(db), read_only=True) as con:
        (pk,) = con.execute(
            f"""select constraint_column_names from duckdb_constraints()
            where table_name = '{TABLE}' and constraint_type = 'PRIMARY KEY'"""
        ).fetchone()
    assert tuple(pk) == KEY
    assert "2 of 2 expectations passed" in page.read_text()


# The gate on the fixture build --------------------------------------------------------------


@pytest.mark.build
def test_clean_build_validates_every_mart_and_publishes_the_results(built):
    suites = load_suites()
    results = query(built, f"select suite, mart, result, validated_at from marts.{TABLE}")
    assert len(results) == sum(len(s.expectations) for s in suites)
    assert {r[2] for r in results} == {"passed"} and all(r[3] for r in results)
    marts = {r[0] for r in query(built, "select table_name from duckdb_tables()")}
    assert {m for m in marts if m.startswith("fct_")} <= {r[1] for r in results}
    catalog = json.loads((built.exports / "catalog.json").read_text())
    (entry,) = [t for t in catalog["tables"] if t["name"] == TABLE]
    assert entry["grain"] == list(KEY) and entry["row_count"] == len(results)
    html = (built.exports / "validation" / "index.html").read_text()
    assert all(f'id="{s.mart}"' in html for s in suites)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


REFUSED = {  # a value its table's contract refuses -> the check constraint DuckDB names
    "a share of 1.7": (
        "update marts.fct_cloud__yearly_region_intensity set provider_cfe_hourly_frac = 1.7 "
        "where provider_cfe_hourly_frac is not null",
        "provider_cfe_hourly_frac BETWEEN 0 AND 1",
    ),
    "a negative TWh": (
        "update marts.fct_grid__yearly_carbon_intensity set demand_twh = -5 "
        "where geography_code = 'IRL' and year = 2010",
        "demand_twh BETWEEN 0 AND 50000",
    ),
}

TAMPERS = {  # what a tampered mart holds -> the check that must name it
    "a missing year": (
        "delete from marts.fct_grid__yearly_carbon_intensity "
        "where geography_code = 'DEU' and year = 2015",
        "fct_grid__yearly_carbon_intensity.year_over_year #1 expect_column_values_to_be_between "
        "column years_since_previous",
    ),
    "an intensity jump of 4x": (  # within the contract's 0-2000 g/kWh
        "update marts.fct_grid__yearly_carbon_intensity "
        "set carbon_intensity_gco2e_per_kwh = carbon_intensity_gco2e_per_kwh * 4 "
        "where geography_code = 'USA' and year = 2020",
        "fct_grid__yearly_carbon_intensity.year_over_year #2 expect_column_values_to_be_between "
        "column intensity_change_ratio",
    ),
    "a data-centre figure 100 times too large": (  # within the contract's 0-5000 TWh
        "update marts.fct_dc__yearly_harmonised_electricity set electricity_twh = "
        "electricity_twh * 100 where geography_code = 'IRL' and year = 2024",
        "fct_dc__yearly_harmonised_electricity.year_over_year #2 "
        "expect_column_values_to_be_between column electricity_change_frac",
    ),
    "French use abroad taken for French load": (
        "update marts.fct_ai__yearly_demand_share set dc_electricity_twh = 23.71, "
        "dc_share_of_demand_frac = round(23.71 / demand_twh, 6) "
        "where geography_code = 'FRA' and year = 2024 and scenario = 'historical'",
        "fct_ai__yearly_demand_share.france_europe #1 expect_column_values_to_be_between "
        "column dc_share_of_demand_frac",
    ),
    "a lost hour": (
        "delete from marts.fct_grid__hourly_demand where geography_code = 'PJM-DOM' "
        "and datetime_utc = (select min(datetime_utc) + interval 3 hour "
        "from marts.fct_grid__hourly_demand where geography_code = 'PJM-DOM')",
        "fct_grid__hourly_demand #1 expect_column_values_to_be_between column hours_since_previous",
    ),
}


@pytest.mark.build
def test_tampered_marts_fail_the_gate_naming_mart_column_and_rows(
    built, tmp_path, monkeypatch, capsys
):
    """The gate is the marts' contracts, dbt's tests on the marts, then the suites: each
    tamper is caught by its check's one owner, and the message names the mart, the column and
    the rows (a contract refuses the value as it is written, naming table and expression)."""
    db = tmp_path / "build.duckdb"
    shutil.copy(built.repo / "target" / "build.duckdb", db)
    with duckdb.connect(str(db)) as con:
        for sql, expression in REFUSED.values():
            table = sql.split()[1].split(".")[1]
            refused = rf'CHECK constraint failed on table "{table}" with expression CHECK\(\('
            with pytest.raises(duckdb.ConstraintException, match=refused + expression):
                con.execute(sql)
        for sql, _ in TAMPERS.values():
            con.execute(sql)
    run_ = Run(replace(built.settings, build_dir=tmp_path))
    marts = "fct_cloud__yearly_region_intensity fct_grid__yearly_carbon_intensity"
    dbt_code = run_dbt(run_, ["test", "--select", marts])
    gx_code = run(db, tmp_path / "validation.html")
    out = capsys.readouterr()
    said = " ".join((out.out + out.err).split())
    # the contracts refused the values out of range: what is left passes every row check
    # (dbt's tests) and is the suites' to catch
    assert dbt_code == 0 and gx_code != 0
    for tamper, (_, check) in TAMPERS.items():
        assert check in said, f"{tamper}: {check!r} not named"
    assert "geography_code=DEU year=2016 years_since_previous=2" in said
    # four times the year's value, on a series falling 1% a year: x3.96, then x0.25 back
    assert "geography_code=USA year=2020 intensity_change_ratio=3.960088" in said
    assert "geography_code=USA year=2021 intensity_change_ratio=0.247499" in said
    assert "geography_code=IRL scenario=historical year=2024 electricity_change_frac=" in said
    assert "geography_code=PJM-DOM datetime_utc=" in said and "hours_since_previous=2" in said
    assert "geography_code=FRA scenario=historical year=2024" in said
    page = (tmp_path / "validation.html").read_text()
    # the page lists each mart's suites by aspect: the failed row sits under its mart
    mart_section = page.split('id="fct_grid__yearly_carbon_intensity"', 1)[1]
    assert "<td>.year_over_year</td>" in mart_section and "&#34;DEU&#34;" in mart_section


@pytest.mark.build
def test_suite_for_a_mart_the_build_lacks_fails_and_publishes_nothing(built):
    assert make(built).returncode == 0
    before = digest(built.warehouse), digest(built.exports / "catalog.json")
    suite = built.repo / "expectations" / "suites" / "fct_gone.json"
    suite.write_text(
        json.dumps(
            {
                "name": "fct_gone",
                "meta": {"mart": "fct_gone", "keys": ["year"], "why": "a mart since removed"},
                "expectations": [
                    {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}}
                ],
            }
        )
    )
    try:
        result = make(built, "validate")
    finally:
        suite.unlink()
    assert result.returncode != 0
    assert "fct_gone #1 expect_table_row_count_to_be_between" in result.stderr
    assert "mart marts.fct_gone is missing from the build" in result.stderr
    assert "nothing published" in result.stderr
    assert (digest(built.warehouse), digest(built.exports / "catalog.json")) == before
    page = (built.repo / "target" / "validation.html").read_text()
    assert "mart marts.fct_gone is missing from the build" in page


def test_a_malformed_suite_is_named(tmp_path, monkeypatch, capsys):
    (tmp_path / "fct_x.json").write_text('{"name": "fct_x", "meta": {"mart": "fct_x"}}')
    monkeypatch.setattr("expectations.run.SUITES_DIR", tmp_path)
    assert run(tmp_path / "none.duckdb") == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'fct_x.json'}: not a suite (KeyError: 'expectations')" in err


@pytest.mark.build
@pytest.mark.mirror
def test_the_publishers_files_pass_every_suite(mirror_built):
    """The bounds are set on the real files: the mirror build publishes every result passed."""
    results = query(mirror_built, f"select result, count(*) from marts.{TABLE} group by 1")
    assert results == [("passed", sum(len(s.expectations) for s in load_suites()))]
    vacuous = query(
        mirror_built, f"select suite, expectation_number from marts.{TABLE} where rows_checked = 0"
    )
    assert vacuous == []  # every row-by-row check saw rows of the real data
