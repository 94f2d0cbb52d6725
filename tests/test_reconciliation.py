"""Publishers' headlines recomputed from the warehouse's rows
(fct_reconciliation__publisher_headlines): every check of seeds/reconciliation_checks.csv
gets a row; on the publishers' files each headline is reproduced or explained by a stated
difference, and the US's primary direct intensity is the measured one; a headline the
warehouse no longer matches for no stated reason stops the build."""

import csv

import pytest

from tests.conftest import REPO, digest, kept, make, query

pytestmark = pytest.mark.build

SEED = REPO / "seeds/reconciliation_checks.csv"
CHECK_IDS = {row["check_id"] for row in csv.DictReader(SEED.read_text().splitlines())}
ROWS = """select check_id, verdict, ratio, reason, published_value, warehouse_value,
                 warehouse_source_ids, url
          from marts.fct_reconciliation__publisher_headlines"""


def test_every_check_has_a_row_and_none_is_unexplained_on_the_fixture_build(built):
    rows = {r[0]: r for r in query(built, ROWS)}
    assert set(rows) == CHECK_IDS
    assert {r[1] for r in rows.values()} <= {"reproduced", "explained", "not_computed"}
    assert all(r[7].startswith("https://") for r in rows.values())  # each cites its headline


@pytest.fixture(scope="module")
def headlines(mirror_built):
    return {r[0]: r for r in query(mirror_built, ROWS)}


@pytest.mark.mirror
def test_headlines_on_the_publishers_files(headlines):
    assert len(headlines) >= 15 and set(headlines) == CHECK_IDS
    verdicts = {check: row[1] for check, row in headlines.items()}
    reproduced = {
        "cso_ireland_dc_share_2023",  # 20.7 % against 21 %
        "cso_ireland_dc_share_2024",  # 21.8 % against 22 %
        "egrid_us_direct_rate_measured",  # EIA's measured 365.1 against eGRID's 373.4 g/kWh
        "ember_world_demand_2024",  # 30,847 against 30,856 TWh
        "google_emissions_2023_vs_2019",  # +48.0 %
        "irena_world_renewable_additions_2024",  # +585.2 GW
        "irena_world_renewable_capacity_2024",  # 4,448.1 GW
        "microsoft_emissions_fy2023_management_criteria",  # +29.06 %, Table 1B
    }
    assert {c for c, v in verdicts.items() if v == "reproduced"} == reproduced
    assert {c for c, v in verdicts.items() if v != "reproduced"} == CHECK_IDS - reproduced
    assert set(verdicts.values()) == {"reproduced", "explained"}
    for check in CHECK_IDS - reproduced:  # each explained one says why
        assert headlines[check][3], check


@pytest.mark.mirror
def test_each_estimators_own_share_is_a_row(headlines):
    """LBNL's 4.4 % (2023) from its own 176 TWh; EPRI's 4.6-9.1 % from its four scenarios;
    the IEA's 1.5 % from the annex; Ireland's CSO from its meters."""
    assert headlines["lbnl_us_dc_share_2023"][5] == pytest.approx(176 / 4272.8, rel=1e-3)
    assert headlines["lbnl_us_dc_share_2023"][2] == pytest.approx(1.068, abs=0.002)
    assert headlines["iea_world_dc_share_2024"][5] == pytest.approx(0.0135, abs=1e-4)
    assert "eia_mer_co2.power_sector_co2" in headlines["eia_us_power_sector_co2"][6]
    assert "curated.company_report_figures" in headlines["microsoft_emissions_fy2024"][6]


@pytest.mark.mirror
def test_the_primary_us_direct_intensity_is_the_measured_one(mirror_built):
    """Done when: the primary US direct intensity for 2022 is within 5 % of the EIA's
    measured rate (1,544.7 Mt over the US generation of the Monthly Energy Review)."""
    ((source, method, intensity),) = query(
        mirror_built,
        """select source_id, method, carbon_intensity_gco2e_per_kwh
           from marts.fct_grid__yearly_carbon_intensity
           where geography_code = 'USA' and year = 2022 and emission_scope = 'direct'
             and is_primary_in_scope""",
    )
    assert (source, method) == ("eia_mer_co2.power_sector_co2", "direct_production")
    assert intensity == pytest.approx(1544.697 / 4230.7 * 1000, rel=0.05)
    assert intensity == pytest.approx(373.373, rel=0.05)  # eGRID2022's US rate
    generic = query(
        mirror_built,
        """select min(g.carbon_intensity_gco2e_per_kwh / m.carbon_intensity_gco2e_per_kwh)
           from marts.fct_grid__yearly_carbon_intensity g
           join marts.fct_grid__yearly_carbon_intensity m using (geography_code, year)
           where g.method = 'direct_production_generic_factors' and m.is_primary_in_scope
             and m.method = 'direct_production' and geography_code = 'USA' and year = 2022
             and g.source_id = 'eia_mer.net_generation'""",
    )[0][0]
    assert generic == pytest.approx(302.2 / 365.1, abs=0.01)  # what the generic factors miss


def test_an_unexplained_headline_stops_the_build(built):
    """A like-for-like check whose tolerance no longer holds (Ireland's 22 %, 21.8 % in the
    fixture's meters, asked to agree within 0.1 %) is unexplained: the GX suite fails the
    build, naming the check, and nothing is published."""
    assert make(built).returncode == 0  # up to date after any earlier test's change
    before = digest(built.warehouse), digest(built.exports / "catalog.json")
    seed = built.repo / "seeds/reconciliation_checks.csv"
    good = seed.read_text()
    lines = good.splitlines()
    (row,) = [i for i, line in enumerate(lines) if line.startswith("cso_ireland_dc_share_2024,")]
    lines[row] = lines[row].replace(",historical,,,0.03,", ",historical,,,0.001,")
    with kept(built):  # the shared build, put back as it was (a clone would rebuild twice)
        seed.write_text("\n".join(lines) + "\n")
        try:
            failed = make(built)
        finally:
            seed.write_text(good)
    said = " ".join((failed.stdout + failed.stderr).split())
    assert failed.returncode != 0
    assert (
        "fct_reconciliation__publisher_headlines #1 expect_column_values_to_not_be_in_set" in said
    )
    assert "check_id=cso_ireland_dc_share_2024" in said
    assert (digest(built.warehouse), digest(built.exports / "catalog.json")) == before
