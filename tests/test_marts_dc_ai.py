"""The data-centre and AI marts. On the publishers' files (SOURCE_MIRROR): the figures the
marts derive against published aggregates that were not their inputs, each with its
tolerance and the reason for it. On the fixture build: the scenario knobs, a changed DBT_VARS
rebuilding the marts with the user's value and the defaults reproducing the seed."""

import csv
import json

import duckdb
import pytest

from tests.conftest import REPO, kept, make, query

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def sql(mirror_built):
    con = duckdb.connect(str(mirror_built.warehouse), read_only=True)
    yield lambda text: con.sql(text).fetchall()
    con.close()


def _share(sql, geography: str, year: int) -> float:
    ((share,),) = sql(
        f"""select dc_share_of_demand_frac from marts.fct_ai__yearly_demand_share
            where geography_code = '{geography}' and year = {year} and scenario = 'historical'"""
    )
    return share


@pytest.mark.mirror
def test_world_2024_about_one_and_a_half_percent(sql):
    """IEA (Energy and AI, 2025): data centres used about 1.5 % of the world's electricity in
    2024. Not an input: the mart divides the annex's 416 TWh by Ember's demand (30,847 TWh),
    which counts network losses and the power sector's own use that the IEA's final
    consumption leaves out (about 10 % more), so the share comes out lower: 1.35 %.
    Tolerance: 1.5 % +- 0.25 points, the IEA's "about" and the denominators' gap."""
    assert sql(
        """select electricity_twh from marts.fct_dc__yearly_harmonised_electricity
           where geography_code = 'WORLD' and year = 2024 and scenario = 'historical'"""
    ) == [(416.0,)]
    assert 0.0125 <= _share(sql, "WORLD", 2024) <= 0.0175


@pytest.mark.mirror
def test_ireland_2022_about_seventeen_to_eighteen_percent(sql):
    """IEA (Electricity 2024): Irish data centres used about 17-18 % of national demand in
    2022. The mart's share is the CSO's metered data centres over its metered total
    (5,271 / 29,825 GWh = 17.7 %), neither from the IEA. Tolerance: the IEA's own range."""
    assert 0.17 <= _share(sql, "IRL", 2022) <= 0.18


@pytest.mark.mirror
def test_us_2023_lbnl_share(sql):
    """LBNL (2024): 176 TWh was 4.4 % of US electricity in 2023. The mart sets LBNL's figure
    against Ember's US demand (4,273 TWh): 4.1 %. Tolerance 0.5 points: LBNL divides by US
    consumption (retail sales and direct use), a smaller figure than Ember's demand."""
    ((lbnl_twh, demand_twh),) = sql(
        """select f.electricity_twh, d.demand_twh
           from marts.fct_dc__yearly_electricity f
           join marts.fct_ai__yearly_demand_share d
             on d.geography_code = f.geography_code and d.year = f.year
            and d.scenario = 'historical'
           where f.figure_id = 'LBNL-01'"""
    )
    assert lbnl_twh == 176.0
    assert abs(lbnl_twh / demand_twh - 0.044) <= 0.005


@pytest.mark.mirror
def test_epri_scenarios_from_rate_and_base_match_epri_tables(sql):
    """EPRI prints its 2030 scenarios as 196.3, 214.0, 296.0 and 403.9 TWh; the warehouse
    holds only its growth rates and its 2023 base (152 TWh) and derives them. Tolerance 1 %:
    EPRI grows an unrounded base (about 152.7 TWh)."""
    derived = dict(
        sql(
            """select figure_id, electricity_twh from marts.fct_dc__yearly_electricity
               where derived_from_figure_id = 'EPRI-04'"""
        )
    )
    printed = {"low": 196.3, "moderate": 214.0, "high": 296.0, "higher": 403.9}
    assert derived.keys() == {f"EPRI-02-{k}" for k in printed}
    for scenario, twh in printed.items():
        assert derived[f"EPRI-02-{scenario}"] == pytest.approx(twh, rel=0.01)


@pytest.mark.mirror
def test_iea_annex_holds_together(sql):
    """The annex's measures agree with each other: electricity = capacity x load factor x
    8,760 h, and PUE = facility / IT electricity. Tolerance 5 % and 3 %, on rows of 20 TWh or
    more: every measure is rounded on its own (a 0.3 GW region cannot pass)."""
    rows = sql(
        """select installed_capacity_gw * load_factor_frac * 8.76 / electricity_twh,
                  electricity_twh / electricity_it_twh / pue_ratio
           from marts.fct_dc__yearly_electricity
           where source_id = 'iea.energy_ai_annex' and electricity_twh >= 20"""
    )
    assert len(rows) > 50
    for capacity_ratio, pue_ratio in rows:
        assert capacity_ratio == pytest.approx(1, abs=0.05)
        assert pue_ratio == pytest.approx(1, abs=0.03)


@pytest.mark.mirror
def test_iea_regions_leave_a_small_unpublished_remainder(sql):
    """The annex's six regions cover 409.6 of the world's 416 TWh in 2024 (the IEA publishes
    no remainder): between 0 and 3 % of the world is left, every historical year."""
    rows = sql(
        """select w.year, w.electricity_twh, sum(r.electricity_twh)
           from marts.fct_dc__yearly_electricity w
           join marts.fct_dc__yearly_electricity r
             on r.year = w.year and r.scenario = w.scenario and r.source_id = w.source_id
            and r.geography_code in ('IEA_NORTH_AMERICA', 'IEA_CENTRAL_SOUTH_AMERICA',
                                     'IEA_EUROPE', 'IEA_AFRICA', 'IEA_MIDDLE_EAST',
                                     'IEA_ASIA_PACIFIC')
           where w.geography_code = 'WORLD' and w.source_id = 'iea.energy_ai_annex'
             and w.data_centre_type = 'total' and w.scenario = 'historical'
           group by all order by 1"""
    )
    assert [r[0] for r in rows] == [2020, 2023, 2024]
    assert rows[-1][1:] == (416.0, pytest.approx(409.6))
    for _, world, regions in rows:
        assert 0 <= (world - regions) / world <= 0.03


@pytest.mark.mirror
def test_primary_series_and_scenarios(sql):
    """Ireland follows its metered series; the world has the IEA's four scenarios to 2035."""
    assert sql(
        """select distinct estimate_kind from marts.fct_dc__yearly_harmonised_electricity
           where geography_code = 'IRL'"""
    ) == [("measured",)]
    assert sql(
        """select scenario, electricity_twh from marts.fct_dc__yearly_harmonised_electricity
           where geography_code = 'WORLD' and year = 2030 order by 1"""
    ) == [("base", 946.0), ("headwinds", 669.0), ("high_efficiency", 792.0), ("lift_off", 1264.0)]
    geographies = {
        g for (g,) in sql("select distinct geography_code from marts.fct_ai__yearly_demand_share")
    }
    assert {
        "WORLD",
        "USA",
        "CHN",
        "EU27",
        "IRL",
        "FRA",
        "IEA_EUROPE",
        "IEA_ASIA_PACIFIC",
    } <= geographies


@pytest.mark.mirror
def test_european_primary_series_keep_one_scope(sql):
    """France follows ADEME's territorial series (about 10 TWh in 2024, 36.73 in 2035), not
    its inventory of data centres alone (8.16), RTE's 10 TWh of 2022, the SDES's 4-6 of 2023,
    Arcep's surveyed operators or French use abroad (23.71); Germany Bitkom/Borderstep's, the
    Netherlands Statistics Netherlands' metered deliveries, Ireland the CSO's, the EU-27 the
    IEA's as the Commission quotes it."""
    rows = sql(
        """select geography_code, scope, min(year), max(year), count(*)
           from marts.fct_dc__yearly_electricity
           where is_primary and geography_code in ('FRA', 'DEU', 'NLD', 'IRL', 'EU27', 'EU28')
           group by 1, 2 order by 1"""
    )
    assert rows == [
        ("DEU", "data_centres_and_server_rooms", 2010, 2030, 5),
        ("EU27", "data_centres", 2024, 2030, 2),
        ("EU28", "data_centres", 2010, 2030, 4),
        ("FRA", "data_centres_and_server_rooms", 2024, 2035, 2),
        ("IRL", "data_centres", 2015, 2024, 10),
        ("NLD", "data_centres", 2017, 2024, 3),
    ]
    beside = sql(
        """select figure_id, scope from marts.fct_dc__yearly_electricity
           where geography_code = 'FRA' and not is_primary order by figure_id"""
    )
    assert beside == [
        ("ADEME-01", "data_centres"),
        ("ADEME-02", "digital_use_incl_abroad"),
        ("ADEME-03", "digital_use_incl_abroad"),
        ("ARCEP-01", "operators_surveyed"),
        ("ARCEP-02", "operators_surveyed"),
        ("RTE-01", "data_centres"),
        ("SDES-01", "data_centres"),  # 4-6 TWh (2023), a range
    ]
    france = sql(
        """select year, scenario, electricity_twh from marts.fct_dc__yearly_harmonised_electricity
           where geography_code = 'FRA' and year in (2024, 2030, 2035) order by year"""
    )
    # 10 x (36.73 / 10) ^ (6 / 11) in 2030, between the two published years
    assert france == [
        (2024, "historical", 10.0),
        (2030, "trend", pytest.approx(10 * 3.673 ** (6 / 11), abs=0.001)),
        (2035, "trend", 36.73),
    ]


@pytest.mark.mirror
def test_vintages_and_per_query(sql):
    """The IEA's 5.3 TWh for Ireland in 2022 against the metered 5.271; ChatGPT's 2.9 Wh is
    the "ten times a search" (2.9 / 0.3), Epoch AI's 2025 estimate one search."""
    assert sql(
        """select later_estimate_kind, later_estimate_twh, ratio_to_later_estimate
           from marts.fct_dc__estimate_vintages where figure_id = 'E24-10'"""
    ) == [("measured", 5.271, pytest.approx(5.3 / 5.271, abs=1e-6))]
    ratios = dict(sql("select figure_id, ratio_to_web_search from marts.fct_ai__per_query_energy"))
    assert ratios["E24-12"] == pytest.approx(9.667) and ratios["PQ-02"] == 1.0


@pytest.mark.mirror
def test_bottom_up_covers_part_of_the_top_down(sql):
    """Epoch tracks the largest AI clusters only: their energy is a part of the top-down AI
    estimate, not all of it, and the load-factor default is the annex's hyperscale one."""
    rows = sql(
        """select source_id, coverage_frac, load_factor_frac
           from marts.fct_ai__yearly_bottom_up_load
           where geography_code = 'WORLD' and year = 2024"""
    )
    assert len(rows) == 2
    for _, coverage, _ in rows:
        assert 0 < coverage < 0.5
    ((annex_load_factor,),) = sql(
        """select load_factor_frac from marts.fct_dc__yearly_electricity
           where source_id = 'iea.energy_ai_annex' and geography_code = 'WORLD'
             and data_centre_type = 'hyperscale' and year = 2024"""
    )
    assert {lf for *_, lf in rows} == {annex_load_factor}


def _seed_value(assumption: str) -> float:
    with (REPO / "seeds" / "ai_scenario_assumptions.csv").open(newline="") as fh:
        return next(float(r["value"]) for r in csv.DictReader(fh) if r["assumption"] == assumption)


AI_SHARE_2030 = """select ai_share_of_dc_frac, ai_electricity_twh, dc_electricity_twh,
                          is_default_assumptions
                   from marts.fct_ai__yearly_demand_share
                   where geography_code = 'WORLD' and year = 2030 and scenario = 'base'"""


def test_scenario_knob_changes_the_mart(built):
    """The default build uses the seed's value; DBT_VARS rebuilds with the user's (and says
    so), the same DBT_VARS again is a no-op, and a DBT_VARS that is not a YAML mapping stops
    before dbt runs."""
    ((share, ai_twh, dc_twh, is_default),) = query(built, AI_SHARE_2030)
    assert share == _seed_value("ai_share_of_dc_2030") and is_default
    assert ai_twh == pytest.approx(dc_twh * share, abs=1e-3)

    with kept(built) as ws:  # a rebuild from the shared build; put back after
        env = {"DBT_VARS": "{ai_share_of_dc_2030: 0.6}"}
        result = make(ws, "dbt", env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        build_db = ws.root / "target" / "build.duckdb"
        ((share, ai_twh, dc_twh, is_default),) = query(ws, AI_SHARE_2030, build_db)
        assert (share, is_default) == (0.6, False)
        assert ai_twh == pytest.approx(dc_twh * 0.6, abs=1e-3)
        assert "dbt: up to date" in make(ws, "dbt", env=env).stderr

        bad = make(ws, "dbt", env={"DBT_VARS": "[0.6"})
        assert bad.returncode != 0 and "DBT_VARS is not YAML: '[0.6'" in bad.stderr


README_EXAMPLE = "{ai_share_of_dc_2030: 0.6, demand_growth_world_frac_per_yr: 0.03}"


def test_the_readmes_knob_example_publishes(built):
    """The README's `make build DBT_VARS=...` example: it once failed a Great Expectations
    bound (AI's median share 0.467 above a fixed 0.4). The bounds a knob moves follow it, so
    it publishes, with the knobs used in dim_scenario_assumptions and the bounds as this
    build's knobs set them in validation_results."""
    readme = (REPO / "README.md").read_text()
    assert f"make build DBT_VARS='{README_EXAMPLE}'" in readme
    with kept(built) as ws:  # a rebuild from the shared build; put back after
        result = make(ws, env={"DBT_VARS": README_EXAMPLE})
        assert result.returncode == 0, result.stdout + result.stderr
        used = dict(
            query(
                ws,
                "select assumption, value from marts.dim_scenario_assumptions where not is_default",
            )
        )
        ((bounds,),) = query(
            ws,
            """select bounds from marts.validation_results
               where suite = 'fct_ai__yearly_demand_share'
                 and column_name = 'ai_share_of_dc_frac'""",
        )
    assert used == {"ai_share_of_dc_2030": 0.6, "demand_growth_world_frac_per_yr": 0.03}
    median_range = json.loads(bounds)["quantile_ranges"]["value_ranges"][1]
    assert median_range == pytest.approx([0.15, 0.4 * 0.6 / _seed_value("ai_share_of_dc_2030")])


@pytest.mark.parametrize(
    ("dbt_vars", "said"),
    [
        (
            "{ai_share_of_dc_2030: 1.7}",
            "knob ai_share_of_dc_2030 = 1.7 is outside its range [0.01, 1] frac",
        ),
        (
            "{demand_growth_world_frac_per_yr: -1}",
            "knob demand_growth_world_frac_per_yr = -1 is outside its range [-0.02, 0.08] frac/yr",
        ),
        (
            "{ai_share_2030: 0.5}",
            "unknown knob ai_share_2030 (did you mean ai_share_of_dc_2030?)",
        ),
        ("{bottom_up_pue_ratio: high}", "knob bottom_up_pue_ratio must be a number in [1, 3]"),
        ("{demand_share_extra_geographies: [FRA, XXX]}", "XXX not a geography code"),
    ],
)
def test_a_knob_outside_its_range_is_refused_before_dbt(built, dbt_vars, said):
    """Refused before dbt runs (the build database untouched), naming knob, value and range;
    an unknown or misspelt knob too, instead of being ignored."""
    build_db = built.repo / "target" / "build.duckdb"
    before = build_db.stat().st_mtime_ns
    result = make(built, "dbt", env={"DBT_VARS": dbt_vars})
    err = " ".join(result.stderr.split())
    assert result.returncode != 0
    assert "DBT_VARS refused, dbt did not run:" in err and said in err
    assert "dbt: building" not in err and build_db.stat().st_mtime_ns == before


PROJECTED = """select distinct geography_code, demand_growth_basis, demand_growth_assumption,
                      demand_growth_frac_per_yr
               from marts.fct_ai__yearly_demand_share where is_demand_projected"""


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_projection_says_whose_it_is(built):
    """Each projected demand names the most specific cited source, re-derived here from the
    curated projections, the rate knobs and the memberships: a publisher's own projection of
    the geography (the figures of the point it grows towards), else its own rate, else its
    group's, else the world's, said so."""
    projections: dict[str, set[str]] = {}
    for r in _rows(REPO / "ingest/curated/dc_electricity_estimates.csv"):
        if r["metric"] == "electricity_demand" and r["is_projection"] == "true":
            projections.setdefault(r["geography_code"], set()).add(r["figure_id"])
    rates = {
        r["geography_code"]: r["assumption"]
        for r in _rows(REPO / "seeds/ai_scenario_assumptions.csv")
        if r["quantity"] == "demand_growth"
    }
    members: dict[str, set[str]] = {}
    for r in _rows(REPO / "seeds/geography_memberships.csv"):
        members.setdefault(r["group_code"], set()).add(r["member_code"])
    groups = {  # a member takes its group's rate (the first group by code)
        member: min(g for g in rates if member in members.get(g, ()))
        for member in set().union(*members.values())
        if any(member in members.get(g, ()) for g in rates)
    }
    contained = {  # a group takes the rate of a rated group whose every member it holds
        group: min(g for g in rates if g != group and members.get(g, {group}) <= held)
        for group, held in members.items()
        if any(g != group and members.get(g, {group}) <= held for g in rates)
    }
    rows = query(built, PROJECTED)
    assert rows, "the fixture build projects some demand"
    for geography, basis, assumption, rate in rows:
        assert rate is not None, geography
        if geography in projections:
            assert basis == "publisher_projection", geography
            assert set(assumption.split(", ")) <= projections[geography], geography
        elif geography in rates:
            assert (basis, assumption) == ("geography_rate", rates[geography])
        elif geography in groups:
            assert (basis, assumption) == ("group_rate", rates[groups[geography]])
        elif geography in contained:
            assert (basis, assumption) == ("contained_group_rate", rates[contained[geography]])
        else:
            assert (basis, assumption) == ("world_rate_no_cited_rate", rates["WORLD"])


@pytest.mark.mirror
def test_france_follows_rte_and_the_us_says_it_takes_the_worlds_rate(sql):
    """France reached 711 TWh in 2035 at the world's 3.9 %/yr; it now follows RTE's own
    trajectories (RTE-03-*: 470-510 TWh in 2030, 505-580 in 2035), through their midpoints."""
    france = {
        year: (demand, assumption)
        for year, demand, assumption in sql(
            """select year, demand_twh, demand_growth_assumption
               from marts.fct_ai__yearly_demand_share
               where geography_code = 'FRA' and year in (2030, 2035)"""
        )
    }
    assert france[2030] == (pytest.approx(490, abs=0.001), "RTE-03-fast-2030, RTE-03-slow-2030")
    assert france[2035] == (pytest.approx(542.5, abs=0.001), "RTE-03-fast-2035, RTE-03-slow-2035")
    bases = {g: (b, a) for g, b, a, _ in sql(PROJECTED)}
    assert bases["FRA"][0] == "publisher_projection"
    assert bases["USA"] == ("world_rate_no_cited_rate", "demand_growth_world_frac_per_yr")
    assert bases["CHN"] == ("geography_rate", "demand_growth_chn_frac_per_yr")
    assert bases["EU27"] == ("geography_rate", "demand_growth_eu27_frac_per_yr")


@pytest.mark.mirror
def test_the_french_readers_answer(sql):
    """fct_dc__yearly_france_answer on the publishers' files: each estimate of facilities in
    France over the demand of its year on the basis it names (RTE's gross consumption,
    453.4 TWh in 2022; Ember's after RTE's last landed year), never a share of French use
    abroad; ADEME's 36.73 TWh of 2035 over RTE's two trajectories (505-580 TWh); the primary
    10 TWh of 2024 at each grid's intensity, France's the lowest."""

    def rows(part: str) -> dict:
        return {
            (year, figure_id): (low, value, high, basis)
            for year, figure_id, low, value, high, basis in sql(
                f"""select year, figure_id, value_low, value, value_high, basis
                    from marts.fct_dc__yearly_france_answer where answer_part = '{part}'"""
            )
        }

    shares = rows("share_of_demand")
    assert shares[(2022, "RTE-01")][1:] == (
        pytest.approx(10 / 453.389, rel=1e-4),
        None,
        "gross_consumption_incl_losses",
    )
    assert shares[(2023, "SDES-01")][0] == pytest.approx(4 / 438.599, rel=1e-4)
    assert shares[(2024, "ADEME-01")][3] == "ember_demand"
    assert (2024, "ADEME-02") not in shares  # use abroad is not French demand
    projected = rows("projected_share")[(2035, "ADEME-05")]
    assert projected[0] == pytest.approx(36.73 / 580, rel=1e-4)
    assert projected[2] == pytest.approx(36.73 / 505, rel=1e-4)
    elsewhere = dict(
        sql(
            """select geography_code, value from marts.fct_dc__yearly_france_answer
               where answer_part = 'same_load_elsewhere' and year = 2024"""
        )
    )
    assert elsewhere["FRA"] == pytest.approx(10 * 44.18 / 1000, abs=0.01)
    assert sorted(elsewhere, key=elsewhere.get) == ["FRA", "IRL", "DEU", "PJM"]
