"""The grid marts. On the fixture build (`built`): the EIA-based US intensity recomputed here
from the fixture files and the emission-factor seed, the zone and region mapping, the hour
shift, a live source that never landed, and the primary-rule tests failing on a broken copy.
On the publishers' files (SOURCE_MIRROR, `mirror_built`): figures the publishers print."""

import csv
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from tests.conftest import query
from tests.fixtures import eia_epa, eia_mer
from tests.fixtures import electricitymaps_hourly as hourly_fixture

pytestmark = pytest.mark.build
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def _seed(name: str) -> list[dict]:
    with (SEEDS / f"{name}.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def _factors(scope: str) -> dict[str, float]:
    return {
        r["fuel"]: float(r["emission_factor_gco2e_per_kwh"])
        for r in _seed("emission_factors")
        if r["scope"] == scope
    }


def _epa_2023_intensity(scope: str) -> tuple[float, float]:
    """The fixture's 2023 US generation (TWh) and intensity, computed here from the Electric
    Power Annual fixture, the fuel mapping and the factors; EIA's mixed renewables column takes
    the Monthly Energy Review fixture's wind, wood, waste and geothermal mix."""
    factors = _factors(scope)
    mer = {m: 12 * eia_mer.MONTHLY_GWH[m] for m in ("WYETPUS", "WDETPUS", "WSETPUS", "GEETPUS")}
    mer_fuels = {
        "WYETPUS": "wind",
        "WDETPUS": "biomass",
        "WSETPUS": "biomass",
        "GEETPUS": "geothermal",
    }
    factors["wind_biomass_geothermal"] = sum(
        g * factors[mer_fuels[m]] for m, g in mer.items()
    ) / sum(mer.values())
    mapping = {
        r["published_fuel"]: r
        for r in _seed("generation_fuels")
        if r["source_id"] == "eia_epa.net_generation"
    }
    headers = [" ".join(h.split()) for h in eia_epa.HEADER[1:]]
    values = dict(zip(headers, eia_epa.annual_row(2023)[1:], strict=True))
    used = [
        (values[name], mapping[name]["fuel"])
        for name in headers
        if mapping[name]["role"] in ("component", "distributed")
    ]
    total = sum(g for g, _ in used)
    return total / 1000, sum(g * factors[f] for g, f in used) / total


@pytest.fixture(scope="module")
def fixture_sql(built):
    return lambda sql: query(built, sql)


@pytest.fixture(scope="module")
def staging_sql(built):
    """The build database, which keeps the staging views the published warehouse leaves out."""
    return lambda sql: query(built, sql, built.root / "target/build.duckdb")


def test_us_intensity_from_eia_generation_and_the_factors(fixture_sql):
    rows = fixture_sql(
        """select method, generation_twh, carbon_intensity_gco2e_per_kwh, is_primary
           from marts.fct_grid__yearly_carbon_intensity
           where geography_code = 'USA' and year = 2023 and source_id = 'eia_epa.net_generation'
           order by method"""
    )
    for (method, generation, intensity, is_primary), scope in zip(
        rows, ["direct", "lifecycle"], strict=True
    ):
        expected_twh, expected_intensity = _epa_2023_intensity(scope)
        derived = {"direct": "direct_production_generic_factors"}  # it says so in its method
        assert method == derived.get(scope, f"{scope}_production") and not is_primary
        assert generation == pytest.approx(expected_twh, rel=1e-9)
        assert intensity == pytest.approx(expected_intensity, rel=1e-9)


def test_measured_direct_rate_outranks_generic_factors(fixture_sql):
    """The US's direct intensity from EIA's measured CO2 (Table 11.6 fixture: 1,544.7 Mt in
    2023) over the Review's generation (4,178,171 GWh) is the direct row to use; the one from
    generic factors stays beside it, saying so in its method; eGRID's US and SRVC rates
    arrive in g/kWh."""
    rows = fixture_sql(
        """select source_id, method, carbon_intensity_gco2e_per_kwh, is_primary_in_scope
           from marts.fct_grid__yearly_carbon_intensity
           where geography_code = 'USA' and year = 2023 and emission_scope = 'direct'
           order by series_priority"""
    )
    assert [r[:2] for r in rows] == [
        ("eia_mer_co2.power_sector_co2", "direct_production"),
        ("codecarbon.us_state_emission_rates", "direct_production"),  # eGRID2023, CO2e
        ("eia_epa.net_generation", "direct_production_generic_factors"),
        ("eia_mer.net_generation", "direct_production_generic_factors"),
    ]
    assert rows[0][2] == pytest.approx(1544.7 / 4178.171176 * 1000, rel=1e-9)
    assert rows[1][2] == pytest.approx(770.884 * 0.45359237, rel=1e-9)
    assert [r[3] for r in rows] == [True, False, False, False]
    egrid = dict(
        fixture_sql(
            """select geography_code, carbon_intensity_gco2e_per_kwh
               from marts.fct_grid__yearly_carbon_intensity
               where source_id = 'egrid.subregion_co2_rates' and year = 2022
                 and geography_code in ('USA', 'EGRID_SRVC')"""
        )
    )
    assert egrid == pytest.approx({"USA": 823.149 * 0.45359237, "EGRID_SRVC": 622.987 * 0.45359237})


def test_zones_and_regions_get_their_geography_codes(fixture_sql, staging_sql):
    zones = dict(
        staging_sql(
            "select distinct zone_key, geography_code from staging.stg_electricitymaps__zone_yearly"
        )
    )
    assert zones == {
        "DE": "DEU",
        "FR": "FRA",
        "IE": "IRL",
        "XK": "XKX",
        "US": "USA",
        "US-MIDA-PJM": "PJM",  # a balancing authority: EIA's code
        "US-TEX-ERCO": "ERCO",
        "SE-SE1": "ELECTRICITYMAPS_SE-SE1",  # a bidding zone
        "ES-CN-LP": "ELECTRICITYMAPS_ES-CN-LP",  # an island grid
        "US-CAL-CISO": "CISO",
        "IN-WE": "ELECTRICITYMAPS_IN-WE",  # a regional grid
    }
    hourly_zones = dict(
        staging_sql(
            """select distinct zone_key, geography_code
               from staging.stg_electricitymaps_hourly__zone_hourly"""
        )
    )
    assert hourly_zones == {z: zones[z] for z in hourly_fixture.ZONES}  # the same mapping
    regions = {
        r
        for (r,) in fixture_sql("select distinct geography_code from marts.fct_grid__hourly_demand")
    }
    assert regions == {
        "US48",
        "US_EASTERN_IC",
        "US_WESTERN_IC",
        "US_TEXAS_IC",
        "PJM-DOM",
        "SOCO",
        "TVA",
        "DUK",
    }
    # the Electricity Maps BA is primary where it is the only series; Ember where it exists
    primary = dict(
        fixture_sql(
            """select geography_code, source_id from marts.fct_grid__yearly_carbon_intensity
               where year = 2024 and is_primary and geography_code in ('PJM', 'IRL', 'US-VA')"""
        )
    )
    assert primary == {
        "PJM": "electricitymaps.zone_yearly",
        "IRL": "ember.country_yearly",
        "US-VA": "ember.us_state_yearly",
    }


def test_a_flat_100_mw_load_on_the_hourly_zones(fixture_sql):
    """876 GWh on every zone; its intensity is the plain mean of the fixture's hours, computed
    here from the fixture module, its emissions GWh x g/kWh; the profile's 288 cells carry
    every hour once."""
    rows = {
        r[0]: r[1:]
        for r in fixture_sql(
            """select geography_code, electricity_gwh,
                      flat_load_carbon_intensity_lifecycle_gco2e_per_kwh,
                      flat_load_carbon_intensity_direct_gco2e_per_kwh,
                      emissions_lifecycle_tco2e, emissions_direct_tco2e, is_full_year
               from marts.fct_grid__yearly_flat_load_emissions where year = 2023"""
        )
    }
    codes = {"FR": "FRA", "DE": "DEU", "US-MIDA-PJM": "PJM", "US-CAL-CISO": "CISO"}
    codes["IN-WE"] = "ELECTRICITYMAPS_IN-WE"
    assert set(rows) == set(codes.values())
    for zone, code in codes.items():
        hours = [hourly_fixture.row(zone, h) for h in range(hourly_fixture.HOURS)]
        lifecycle = sum(r[5] for r in hours) / len(hours)
        direct = sum(r[4] for r in hours) / len(hours)
        gwh, flat_lca, flat_direct, lca_t, direct_t, full = rows[code]
        assert gwh == 876.0 and full
        assert flat_lca == pytest.approx(lifecycle, abs=0.0005)
        assert flat_direct == pytest.approx(direct, abs=0.0005)
        assert lca_t == pytest.approx(876 * lifecycle, abs=0.1)
        assert direct_t == pytest.approx(876 * direct, abs=0.1)
    cells = fixture_sql(
        """select geography_code, count(*), sum(hours_count), sum(estimated_hours_count)
           from marts.fct_grid__hourly_zone_intensity_profile group by 1 order by 1"""
    )
    estimated = {"ELECTRICITYMAPS_IN-WE": 8760}
    assert cells == [
        (code, 288, 8760, estimated.get(code, len(hourly_fixture.ESTIMATED_HOURS)))
        for code in sorted(codes.values())
    ]


def test_hours_are_stamped_at_their_start(fixture_sql):
    """The fixture's first PJM-DOM hour ends 2020-01-01 00:00 UTC: it began at 23:00 the day
    before. Hours 5 and 6 (EIA left them empty) end at 05:00 and 06:00, so begin at 04:00 and
    05:00, and are imputed."""
    rows = fixture_sql(
        """select datetime_utc, is_imputed, screening_category from marts.fct_grid__hourly_demand
           where geography_code = 'PJM-DOM' order by datetime_utc limit 7"""
    )
    assert rows[0][0] == datetime(2019, 12, 31, 23, tzinfo=UTC)
    assert [(r[0].hour, r[2]) for r in rows if r[1]] == [(4, "MISSING"), (5, "MISSING")]
    (first_generation_hour,) = fixture_sql(
        "select min(datetime_utc) from marts.fct_grid__hourly_carbon_intensity"
    )[0]
    assert first_generation_hour == datetime(2018, 7, 1, 4, tzinfo=UTC)  # USgrid's 05:00


def test_a_live_source_that_never_landed_leaves_an_empty_typed_view(
    fixture_sql, staging_sql, built
):
    """eia_api has no key in builds: nothing landed, its staging view is empty with its
    columns, and the marts carry Ember's US-state series alone."""
    assert not (built.data / "raw/eia_api").exists()
    assert staging_sql("select count(*) from staging.stg_eia_api__state_generation_yearly") == [
        (0,)
    ]
    columns = staging_sql(
        """select column_name, data_type from information_schema.columns
           where table_name = 'stg_eia_api__state_generation_yearly' order by ordinal_position"""
    )
    assert ("generation_twh", "DOUBLE") in columns and ("geography_code", "VARCHAR") in columns
    assert fixture_sql(
        "select count(*) from marts.fct_grid__yearly_carbon_intensity "
        "where source_id like 'eia_api.%'"
    ) == [(0,)]


def test_the_method_and_primary_checks_fail_on_a_broken_mart(built, tmp_path):
    """A copy of the fixture warehouse where the US gets a second primary row and an unknown
    method: the table's contract refuses the method, naming it; dbt's tests on the mart fail
    on the second primary row and name both checks."""
    settings = replace(built.settings, build_dir=tmp_path / "target")
    database = settings.build_db
    database.parent.mkdir()
    shutil.copy(built.settings.build_db, database)
    us_2024 = """where geography_code = 'USA' and year = 2024
                 and source_id = 'ember.us_state_yearly'"""
    with duckdb.connect(str(database)) as con:
        method = 'CHECK constraint failed on table "fct_grid__yearly_carbon_intensity" '
        with pytest.raises(
            duckdb.ConstraintException, match=method + r".*\"method\" IN \(.lifecycle_production."
        ):
            con.execute(
                f"""update marts.fct_grid__yearly_carbon_intensity
                    set method = 'marginal_consumption' {us_2024}"""
            )
        con.execute(
            f"update marts.fct_grid__yearly_carbon_intensity set is_primary = true {us_2024}"
        )
    done = subprocess.run(
        settings.dbt_command(
            [
                "test",
                "--select",
                "fct_grid__yearly_carbon_intensity",
                "assert_grid_primary_rule_holds",
                "--exclude",
                "test_type:unit",
            ]
        ),
        cwd=REPO,
        env=settings.dbt_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    failed = " ".join(done.stdout.split())
    assert "FAIL 1 assert_grid_primary_rule_holds" in failed
    one_primary = (
        "unique_combination_of_columns_fct_grid__yearly_carbon_intensity_geography_code__year"
    )
    assert f"FAIL 1 {one_primary} " in failed


# The publishers' files


@pytest.fixture(scope="module")
def sql(mirror_built):
    con = duckdb.connect(str(mirror_built.warehouse), read_only=True)
    yield lambda query: con.sql(query).fetchall()
    con.close()


@pytest.mark.mirror
def test_intensity_where_data_centres_are(sql):
    """Ember's 2024 figures for Ireland, France, China and Virginia, and Electricity Maps' for
    PJM (Virginia's balancing authority), as published."""
    rows = sql(
        """select geography_code, source_id, round(carbon_intensity_gco2e_per_kwh, 1)
           from marts.fct_grid__yearly_carbon_intensity
           where year = 2024 and is_primary
             and geography_code in ('IRL', 'FRA', 'CHN', 'US-VA', 'PJM')
           order by 1"""
    )
    assert rows == [
        ("CHN", "ember.country_yearly", 559.5),
        ("FRA", "ember.country_yearly", 44.2),
        ("IRL", "ember.country_yearly", 279.7),
        ("PJM", "electricitymaps.zone_yearly", 403.0),
        ("US-VA", "ember.us_state_yearly", 321.5),
    ]


@pytest.mark.mirror
def test_eia_generation_as_published(sql):
    """EIA's 2023 US net generation: 4,183,270 GWh at utility scale in the Electric Power
    Annual (Table 3.1.A) plus its 73,406 GWh small-scale solar estimate; 4,178,171 GWh in the
    Monthly Energy Review (Table 7.2a, utility scale). Both within 0.5 % of Ember's US total."""
    rows = dict(
        sql(
            """select source_id, generation_twh from marts.fct_grid__yearly_carbon_intensity
               where geography_code = 'USA' and year = 2023 and method = 'lifecycle_production'
                 and source_id in ('eia_epa.net_generation', 'eia_mer.net_generation',
                                   'ember.us_state_yearly')"""
        )
    )
    assert rows["eia_epa.net_generation"] == pytest.approx(4183.270 + 73.406, abs=1e-6)
    assert rows["eia_mer.net_generation"] == pytest.approx(4178.171176, abs=1e-6)
    assert rows["eia_epa.net_generation"] == pytest.approx(rows["ember.us_state_yearly"], rel=0.005)


@pytest.mark.mirror
def test_dominion_demand_grows_faster_than_the_lower_48(sql):
    rows = {
        (g, y): (twh, growth)
        for g, y, twh, growth in sql(
            """select geography_code, year, demand_twh, demand_growth_frac
               from marts.fct_grid__yearly_demand
               where is_full_year and geography_code in ('PJM-DOM', 'US48')"""
        )
    }
    assert sorted(y for g, y in rows if g == "PJM-DOM") == [2020, 2021, 2022, 2023, 2024]
    dominion = rows[("PJM-DOM", 2024)][0] / rows[("PJM-DOM", 2020)][0] - 1
    lower_48 = rows[("US48", 2024)][0] / rows[("US48", 2020)][0] - 1
    assert 0.20 < dominion < 0.26 and lower_48 < 0.10  # 101.1 -> 124.6 TWh in Dominion
    assert all(growth > 0 for (g, y), (_, growth) in rows.items() if g == "PJM-DOM" and y > 2020)


@pytest.mark.mirror
def test_a_flat_load_against_the_yearly_average(sql):
    """In 2019 and 2020 a flat 24/7 load on the Lower 48 emitted about 1 % less per kWh than
    the generation-weighted yearly average; summer evenings ran 10 % above it."""
    years = sql(
        """select distinct year, flat_load_carbon_intensity_lifecycle_gco2e_per_kwh,
                  yearly_carbon_intensity_lifecycle_gco2e_per_kwh
           from marts.fct_grid__hourly_intensity_profile where is_full_year order by 1"""
    )
    assert [y for y, *_ in years] == [2019, 2020]
    for _, flat, yearly in years:
        assert -0.02 < flat / yearly - 1 < 0
    (summer_evening,) = sql(
        """select lifecycle_vs_yearly_frac from marts.fct_grid__hourly_intensity_profile
           where year = 2020 and season = 'summer' and hour_of_day_cst = 18"""
    )[0]
    assert summer_evening > 0.10


@pytest.mark.mirror
def test_a_100_mw_data_centre_on_five_grids(sql):
    """A flat 100 MW load draws 876 GWh in 2023; at the hourly files' mean intensities as the
    mirror's notes print them (France 49.4 life-cycle and 30.4 direct g/kWh, Germany 395.1 and
    329.3, PJM 392.5 and 321.9, California 261.2 and 193.5, India West 749.6 and 691.5) it
    emits about 43 kt in France and 346 kt in Germany. The flat load sits within 4 % of
    Electricity Maps' yearly figure but in India West (every hour estimated: +13 %)."""
    published = {
        "FRA": (49.4, 30.4),
        "DEU": (395.1, 329.3),
        "PJM": (392.5, 321.9),
        "CISO": (261.2, 193.5),
        "ELECTRICITYMAPS_IN-WE": (749.6, 691.5),
    }
    rows = sql(
        """select geography_code, electricity_gwh, emissions_lifecycle_tco2e,
                  emissions_direct_tco2e, flat_load_to_yearly_ratio
           from marts.fct_grid__yearly_flat_load_emissions where year = 2023"""
    )
    assert {r[0] for r in rows} == set(published)
    for code, gwh, lifecycle_t, direct_t, ratio in rows:
        lifecycle, direct = published[code]
        assert gwh == 876.0
        # the notes print one decimal: half a tenth of a gram on 876 GWh is 43.8 t
        assert lifecycle_t == pytest.approx(876 * lifecycle, abs=43.8)
        assert direct_t == pytest.approx(876 * direct, abs=43.8)
        assert abs(ratio - 1) < (0.14 if code == "ELECTRICITYMAPS_IN-WE" else 0.045)


@pytest.mark.mirror
def test_french_consumption_as_rte_publishes_it(mirror_built):
    """RTE's gross consumption, TWh, as the mirror's notes print it (2019-2023), with 2023
    still consolidated."""
    rows = query(
        mirror_built,
        """select year, round(consumption_gross_twh, 1), data_status
           from staging.stg_rte__annual_consumption where year >= 2019 order by year""",
        mirror_built.root / "target/build.duckdb",
    )
    assert rows == [
        (2019, 472.0, "final"),
        (2020, 448.6, "final"),
        (2021, 471.6, "final"),
        (2022, 453.4, "final"),
        (2023, 438.6, "consolidated"),
    ]
