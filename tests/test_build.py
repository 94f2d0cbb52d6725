"""End to end through `make build`: fixtures the tests write (the session's shared `built`,
in a copy of the repository whose path holds spaces), then (when SOURCE_MIRROR is set) the
publishers' real files. A failing step must leave the published warehouse exactly as it was."""

from pathlib import Path

import pytest

from ingest.registry import load_registry
from tests.conftest import digest, kept, make, query

pytestmark = pytest.mark.build
REPO = Path(__file__).resolve().parent.parent


def test_mart_holds_the_fixture_values(built):
    rows = query(
        built,
        """
        select geography_code, demand_twh, carbon_intensity_gco2e_per_kwh, method,
               source_id, is_primary
        from marts.fct_grid__yearly_carbon_intensity
        where year = 2024 and geography_code in ('WORLD', 'USA', 'IRL') and is_primary
        order by 1""",
    )
    assert rows == [
        ("IRL", 33.2, 280.4, "lifecycle_production", "ember.country_yearly", True),
        ("USA", 4386.5, 384.1, "lifecycle_production", "ember.country_yearly", True),
        ("WORLD", 30847.2, 472.99, "lifecycle_production", "ember.country_yearly", True),
    ]


def test_every_fact_traces_to_a_source_with_licence_and_url(built):
    orphans = query(
        built,
        """
        select count(*) from marts.fct_grid__yearly_carbon_intensity f
        left join marts.dim_source s using (source_id) where s.source_id is null""",
    )
    assert orphans == [(0,)]
    (licence, url, sha) = query(
        built,
        """select licence, url, file_sha256s from marts.dim_source
                                          where source_id = 'ember.country_yearly'""",
    )[0]
    pinned = digest(built.mirror / "ember_data_api/api_country_overview_yearly.csv")
    assert licence == "CC BY 4.0" and url.startswith("https://") and pinned in sha


def test_geography_dimension_and_memberships(built):
    assert query(
        built,
        "select geography_type from marts.dim_geography "
        "where geography_code in ('WORLD', 'DEU', 'US-VA') order by 1",
    ) == [("aggregate",), ("country",), ("subdivision",)]
    (eu,) = query(
        built, "select count(*) from marts.dim_geography_membership where group_code = 'EU27'"
    )[0]
    assert eu == 27


def test_a_build_leaves_no_database_open(built):
    """`python -m warehouse` exits without the interpreter's teardown (warehouse/__main__.py):
    every DuckDB file a build wrote was closed before, so none keeps a write-ahead log."""
    assert make(built).returncode == 0  # up to date after any earlier test's change
    databases = [*built.root.rglob("*.duckdb")]
    assert built.settings.build_db in databases and built.exports / "warehouse.duckdb" in databases
    assert not [*built.root.rglob("*.wal")]


def test_unchanged_build_does_no_work(built):
    assert make(built).returncode == 0  # up to date after any earlier test's change
    before = digest(built.warehouse)
    result = make(built)
    assert result.returncode == 0, result.stderr
    assert "0 landed" in result.stderr
    assert "dbt: up to date" in result.stderr and "warehouse: up to date" in result.stderr
    assert "great expectations" not in result.stderr
    assert digest(built.warehouse) == before


def test_an_edited_curated_file_is_built(built):
    """#24: a value changed in ingest/curated/ was ignored (`make build` exited 0 with the old
    value and `make status` said intact). Now status says it changed, the build lands and
    publishes it, and says which pin to record."""
    path = built.repo / "ingest/curated/dc_electricity_estimates.csv"
    good = path.read_text()
    sql = "select electricity_twh from marts.fct_dc__yearly_electricity where figure_id = 'IEA-01'"
    assert make(built).returncode == 0  # up to date after any earlier test's change
    assert query(built, sql) == [(415.0,)]
    row = "IEA-01,dc_electricity,data_centres,IEA,{},"  # the scope column came with #20
    assert row.format(415) in good
    with kept(built):  # the next test finds the build as it was, with no rebuild
        path.write_text(good.replace(row.format(415), row.format(416)))
        try:
            _edited_curated_file_lands(built, sql)
        finally:
            path.write_text(good)


def _edited_curated_file_lands(built, sql: str) -> None:
    status = make(built, "status")
    assert "curated.dc_electricity_estimates: its file, pin or landing code changed" in (
        " ".join(status.stdout.split())
    )
    result = make(built)
    assert result.returncode == 0, result.stdout + result.stderr
    err = " ".join(result.stderr.split())
    assert "landed dc_electricity_estimates.csv as edited" in err
    assert query(built, sql) == [(416.0,)]


def _break_and_build(ws, transform, file="ember_data_api/api_country_overview_yearly.csv"):
    """Build on a broken file; `kept` puts back the mirror, the pins and what the failed
    build landed, so the next test finds the build as it was and need not rebuild."""
    with kept(ws):
        path = ws.mirror / file
        path.write_bytes(transform(path.read_bytes()))
        ws.pin("ember")
        before = digest(ws.warehouse)
        result = make(ws)
        assert result.returncode != 0
        assert digest(ws.warehouse) == before  # the warehouse stayed as it was
        return result


def test_bad_input_at_ingest_leaves_the_warehouse(built):
    result = _break_and_build(built, lambda d: d.replace(b",30847.2,", b",-30847.2,"))
    assert "column demand_twh" in " ".join(result.stderr.split())


def test_failing_dbt_test_leaves_the_warehouse(built):
    """Ember flags a non-EU country as EU: each row is valid, the reconciliation fails."""

    def flag_usa_as_eu(data: bytes) -> bytes:
        lines = data.decode().split("\n")
        return "\n".join(
            line.replace(",0.0,0.0,0.0,0.0,", ",1.0,0.0,0.0,0.0,", 1)
            if ",USA,2024," in line
            else line
            for line in lines
        ).encode()

    result = _break_and_build(built, flag_usa_as_eu)
    assert "assert_ember_eu_flag_matches_eu27_seed" in result.stdout + result.stderr


def test_failing_expectation_leaves_the_warehouse(built):
    """A jump in the world's intensity passes every row check but not the GX suite."""
    result = _break_and_build(built, lambda d: d.replace(b",472.99,", b",580.0,"))
    assert "intensity_change_frac" in result.stderr


@pytest.mark.mirror
def test_build_from_the_publishers_files(mirror_built):
    # Ember's published world figures for 2024: 30,847 TWh at 473.0 g/kWh
    assert query(
        mirror_built,
        """select demand_twh, carbon_intensity_gco2e_per_kwh
                        from marts.fct_grid__yearly_carbon_intensity
                        where geography_code = 'WORLD' and year = 2024 and is_primary""",
    ) == [(30847.2, 472.99)]
    (n_sources,) = query(mirror_built, "select count(*) from marts.dim_source")[0]
    sources = load_registry(REPO / "ingest/sources").values()
    # live sources are skipped: builds never see their keys (see make())
    assert n_sources == sum(len(s.tables) for s in sources if not s.live)
