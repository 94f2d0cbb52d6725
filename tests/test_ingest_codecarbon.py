"""Landing CodeCarbon's reference tables, and the bad input specific to them: JSON of the
wrong shape, declared units or fields that changed, codes and names that disagree, totals
that do not add up, unknown codes."""

import json

import polars as pl
import pytest

from tests.fixtures import codecarbon as fixture

RAW = "raw/codecarbon"


def _table(ws, name):
    return pl.read_parquet(ws.data / RAW / f"{name}.parquet")


def test_lands_every_table(landed):
    for name, rows in {
        "country_energy_mix": len(fixture.GLOBAL_ENERGY_MIX),
        "us_state_emission_rates": len(fixture.US_STATES),
        "china_province_emission_factors": len(fixture.CHINA),
        "energy_source_factors": 6,
        "cloud_region_intensity": len(fixture.IMPACT),
    }.items():
        manifest = json.loads((landed.data / RAW / f"{name}.manifest.json").read_text())
        assert (manifest["rows_landed"], manifest["rows_rejected"]) == (rows, 0), name
        assert manifest["source_id"] == f"codecarbon.{name}"


def test_country_mix_keeps_each_countrys_year_and_kwh_per_person(landed):
    mix = _table(landed, "country_energy_mix")
    usa = mix.filter(pl.col("country_code") == "USA").row(0, named=True)
    assert usa["year"] == 2023
    assert usa["total_twh"] == 4249.05
    assert usa["carbon_intensity_gco2e_per_kwh"] == 369.473
    assert usa["generation_per_capita_kwh"] == 12497.331
    assert mix.filter(pl.col("country_code") == "ESH")["year"].item() == 2009


def test_egrid_rates_stay_in_lb_per_mwh(landed):
    rates = _table(landed, "us_state_emission_rates")
    virginia = rates.filter(pl.col("state_code") == "VA")
    assert virginia.select("state_name", "year", "co2e_rate_lb_per_mwh").row(0) == (
        "virginia",
        2023,
        539.599,
    )
    assert rates.filter(pl.col("state_code") == "usa")["co2e_rate_lb_per_mwh"].item() == 770.884


def test_china_factors_per_factor_references_and_cloud_regions(landed):
    china = _table(landed, "china_province_emission_factors")
    yunnan = china.filter(pl.col("province_code") == "CN-YN").row(0, named=True)
    assert (yunnan["province_name"], yunnan["emission_factor_gco2_per_kwh"]) == ("Yunnan", 133.3)
    assert yunnan["source_url"] == fixture.MEE_URL
    factors = _table(landed, "energy_source_factors")
    assert dict(factors.select("energy_source", "carbon_intensity_gco2e_per_kwh").rows()) == {
        "world_average": 475.0,
        "coal": 995.0,
        "natural_gas": 743.0,
        "nuclear": 29.0,
        "biomass": 230.0,
        "biofuel": 230.0,
    }
    assert factors.filter(pl.col("energy_source") == "nuclear")["reference"].item() == fixture.WNA
    cloud = _table(landed, "cloud_region_intensity")  # the file starts with a BOM
    ashburn = cloud.filter(pl.col("region") == "us-east4").row(0, named=True)
    assert ashburn["provider"] == "gcp" and ashburn["country_code"] == "USA"
    assert (ashburn["carbon_intensity_gco2e_per_kwh"], ashburn["offset_ratio_pct"]) == (322, 100)
    assert ashburn["state"] == "Northern Virginia"
    assert cloud.filter(pl.col("region") == "europe-west9")["state"].item() is None


def _json_edit(file, edit, replace=False):
    """edit(doc) changes the document in place, or (replace=True) returns a new one."""

    def apply(ws):
        path = ws.mirror / fixture.DIR / file
        doc = json.loads(path.read_text())
        result = edit(doc)
        path.write_text(json.dumps(result if replace else doc, indent=2))

    return apply


def _text_edit(file, old, new):
    def apply(ws):
        path = ws.mirror / fixture.DIR / file
        text = path.read_text(encoding="utf-8-sig")  # impact.csv keeps its BOM
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8-sig")

    return apply


MIX, USA, CHINA = "global_energy_mix.json", "usa_emissions.json", "china_provincial_emissions.json"
FACTORS, IMPACT = "carbon_intensity_per_source.json", "impact.csv"

BAD = {
    "mix: a list at the top level": (
        _json_edit(MIX, lambda d: list(d.values()), replace=True),
        ["file global_energy_mix.json", "top level is list, expected dict"],
    ),
    "mix: a country without a fuel": (
        _json_edit(MIX, lambda d: d["USA"].pop("wind_TWh")),
        ["column wind_TWh", "JSON of the wrong shape: 1 entries without wind_TWh (['USA'])"],
    ),
    "mix: a country that is not an object": (
        _json_edit(MIX, lambda d: d.update(IRL=[331.6])),
        ["JSON of the wrong shape: entries that are not objects: ['IRL']"],
    ),
    "mix: key and iso_code disagree": (
        _json_edit(MIX, lambda d: d["IRL"].update(iso_code="GBR")),
        ["column iso_code", "the key and iso_code of an entry disagree: [('IRL', 'GBR')]"],
    ),
    "mix: fossil does not add up": (
        _json_edit(MIX, lambda d: d["USA"].update(fossil_TWh=3510.32)),
        ["fossil_twh is not coal + gas + oil", "total_twh is not fossil + low-carbon"],
    ),
    "mix: unknown country code": (
        _json_edit(MIX, lambda d: d.update(ZZZ={**d.pop("ESH"), "iso_code": "ZZZ"})),
        ["column country_code", "not a known ISO 3166-1 alpha-3 code", "'ZZZ'"],
    ),
    "egrid: unit changed": (
        _json_edit(USA, lambda d: d["_unit"].update(emissions="kg/MWh")),
        ["column _unit.emissions", "_unit.emissions is 'kg/MWh', expected 'lbs/MWh'"],
    ),
    "egrid: another rate field": (
        _json_edit(USA, lambda d: d["_source"].update(field="STCO2RTA")),
        ["_source.field is 'STCO2RTA', expected 'STC2ERTA'"],
    ),
    "egrid: no metadata": (
        _json_edit(USA, lambda d: d.pop("_unit")),
        ["JSON of the wrong shape: the _unit and _source objects are missing"],
    ),
    "egrid: code and name disagree": (
        _json_edit(USA, lambda d: d["virginia"].update(regionCode="VT")),
        ["state_code is not a US ISO 3166-2 code whose name is state_name", "rows 3"],
    ),
    "china: unit changed": (
        _json_edit(CHINA, lambda d: d["data"]["CN-YN"].update(unit="kgCO2/kWh")),
        ["column unit", "unit is 'kgCO2/kWh', expected 'gCO2/kWh'"],
    ),
    "china: name of another province": (
        _json_edit(CHINA, lambda d: d["data"]["CN-YN"].update(description="Sichuan")),
        ["province_name is not a codecarbon alias of province_code", "rows 3"],
    ),
    "china: unknown province code": (
        _json_edit(CHINA, lambda d: d["data"].update({"CN-ZZ": d["data"].pop("CN-BJ")})),
        ["column province_code", "not a known ISO 3166-2 CN code", "'CN-ZZ'"],
    ),
    "china: data not an object": (
        _json_edit(CHINA, lambda d: d.update(data=list(d["data"].values()))),
        ["JSON of the wrong shape: expected objects 'data' and 'metadata'"],
    ),
    "factors: unit changed": (
        _json_edit(FACTORS, lambda d: d.update(unit="kgCO2.eq/kWh")),
        ["column unit", "unit is 'kgCO2.eq/kWh', expected 'gCO2.eq/kWh'"],
    ),
    "factors: a factor without its source": (
        _json_edit(FACTORS, lambda d: d.pop("coal_source")),
        ["a factor without its _source, or the reverse: ['coal']"],
    ),
    "factors: text for a number": (
        _json_edit(FACTORS, lambda d: d.update(nuclear="twelve")),
        ["column carbon_intensity_gco2e_per_kwh", "cast to Float64", "'twelve'"],
    ),
    "factors: a new energy source": (
        _json_edit(FACTORS, lambda d: d.update(hydrogen=100, hydrogen_source="https://x.org/h")),
        ["column energy_source", "isin", "'hydrogen'"],
    ),
    "cloud: renamed column": (
        _text_edit(IMPACT, "impact,source", "impact_g_per_kwh,source"),
        ["header changed (renamed?)", "missing ['impact']", "unexpected ['impact_g_per_kwh']"],
    ),
    "cloud: unknown country code": (
        _text_edit(IMPACT, ",QAT,", ",QQQ,"),
        ["column country_code", "not a known ISO 3166-1 alpha-3 code", "rows 4", "'QQQ'"],
    ),
    "cloud: intensity in kg": (
        _text_edit(IMPACT, ",322,", ",-0.322,"),
        ["column carbon_intensity_gco2e_per_kwh", "greater_than_or_equal_to(0", "rows 5"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_is_rejected_and_changes_nothing(landed, capsys, case):
    edit, expected = BAD[case]
    edit(landed)
    landed.pin("codecarbon")
    err = landed.land_fails(capsys, "codecarbon", *expected)
    assert "ingest: 0 landed, 4 unchanged, 1 failed" in err
