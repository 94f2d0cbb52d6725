"""End to end through `make build`: fixtures the tests write, then (when SOURCE_MIRROR is set)
the publishers' real files. Each build goes to a scratch directory; a failing step must leave
the published warehouse exactly as it was."""

import hashlib
import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.conftest import live_key_envs

REPO = Path(__file__).resolve().parent.parent
MIRROR = os.environ.get("SOURCE_MIRROR")  # read before any fixture points it elsewhere


def make(ws, target="build", registry=True, mirror=None):
    env = {
        **os.environ,
        "WAREHOUSE_DATA_DIR": str(ws.data),
        "BUILD_DIR": str(ws.root / "target"),
        "WAREHOUSE": str(ws.root / "warehouse.duckdb"),
        "SOURCE_MIRROR": str(mirror or ws.mirror),
    }
    for name in live_key_envs():  # builds reach no live API
        env.pop(name, None)
    if registry:
        env["INGEST_REGISTRY_DIR"] = str(ws.registry)
    else:
        env.pop("INGEST_REGISTRY_DIR", None)
    return subprocess.run(
        ["make", "--no-print-directory", target], cwd=REPO, env=env, capture_output=True, text=True
    )


def query(ws, sql):
    with duckdb.connect(str(ws.root / "warehouse.duckdb"), read_only=True) as con:
        return con.sql(sql).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One fixture build shared by the tests below (a build takes half a minute)."""
    from tests.conftest import Workspace  # module scope: no monkeypatch, set env by hand

    root = tmp_path_factory.mktemp("build")
    ws = Workspace(root, root / "mirror", root / "data", root / "registry")
    ws.registry.mkdir()
    for path in (REPO / "ingest" / "sources").glob("*.yml"):
        (ws.registry / path.name).write_bytes(path.read_bytes())
    saved = {
        k: os.environ.get(k) for k in ("WAREHOUSE_DATA_DIR", "SOURCE_MIRROR", "INGEST_REGISTRY_DIR")
    }
    os.environ.update(
        WAREHOUSE_DATA_DIR=str(ws.data),
        SOURCE_MIRROR=str(ws.mirror),
        INGEST_REGISTRY_DIR=str(ws.registry),
    )
    try:
        ws.write_fixtures()
        ws.pin()
        result = make(ws)
        assert result.returncode == 0, result.stdout + result.stderr
        yield ws
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


def test_mart_holds_the_fixture_values(built):
    rows = query(
        built,
        """
        select geography_code, demand_twh, carbon_intensity_gco2e_per_kwh, method,
               source_id, is_primary
        from marts.fct_grid__yearly_carbon_intensity
        where year = 2024 and geography_code in ('WORLD', 'USA', 'IRL') order by 1""",
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


def test_unchanged_build_does_no_work(built):
    before = digest(built.root / "warehouse.duckdb")
    result = make(built)
    assert result.returncode == 0, result.stderr
    assert "dbt" not in result.stdout and "expectations" not in result.stdout
    assert "0 landed" in result.stderr
    assert digest(built.root / "warehouse.duckdb") == before


def _break_and_build(ws, transform, file="ember_data_api/api_country_overview_yearly.csv"):
    path = ws.mirror / file
    good = path.read_bytes()
    path.write_bytes(transform(good))
    ws.pin("ember")
    before = digest(ws.root / "warehouse.duckdb")
    try:
        result = make(ws)
        assert result.returncode != 0
        assert digest(ws.root / "warehouse.duckdb") == before  # the warehouse stayed as it was
        return result
    finally:
        path.write_bytes(good)
        ws.pin("ember")


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
@pytest.mark.skipif(not MIRROR or not Path(MIRROR).is_dir(), reason="SOURCE_MIRROR not set")
def test_build_from_the_publishers_files(tmp_path):
    from tests.conftest import Workspace

    ws = Workspace(tmp_path, Path(MIRROR), tmp_path / "data", REPO / "ingest" / "sources")
    result = make(ws, registry=False, mirror=MIRROR)
    assert result.returncode == 0, result.stdout + result.stderr
    # Ember's published world figures for 2024 (SOURCES.md: 30,847 TWh at 473.0 g/kWh)
    assert query(
        ws,
        """select demand_twh, carbon_intensity_gco2e_per_kwh
                        from marts.fct_grid__yearly_carbon_intensity
                        where geography_code = 'WORLD' and year = 2024""",
    ) == [(30847.2, 472.99)]
    (n_sources,) = query(ws, "select count(*) from marts.dim_source")[0]
    from ingest.registry import load_registry

    sources = load_registry(REPO / "ingest/sources").values()
    # live sources are skipped: builds never see their keys (see make())
    assert n_sources == sum(len(s.tables) for s in sources if not s.live)
