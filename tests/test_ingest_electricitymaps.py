"""Landing Electricity Maps' yearly zone files, and the bad input specific to them: JSON of the
wrong shape, a changed unit, text that is not JSON, unknown zones, implausible values."""

import json

import polars as pl
import pytest

from tests.conftest import force_reland
from tests.fixtures import electricitymaps as fixture

FILE = f"{fixture.DIR}/yearly_2024.json"


def test_lands_every_zone_and_year(landed):
    raw = landed.data / "raw" / "electricitymaps"
    manifest = json.loads((raw / "zone_yearly.manifest.json").read_text())
    frame = pl.read_parquet(raw / "zone_yearly.parquet")
    assert frame.height == manifest["rows_landed"] == len(fixture.ZONES) * len(fixture.YEARS)
    assert manifest["rows_rejected"] == 0
    assert manifest["source_id"] == "electricitymaps.zone_yearly"
    assert manifest["licence"] == "ODbL 1.0"
    assert [f["name"] for f in manifest["files"]] == [f"yearly_{y}.json" for y in fixture.YEARS]
    assert sorted(frame["year"].unique()) == list(fixture.YEARS)
    pjm = frame.filter((pl.col("zone_key") == "US-MIDA-PJM") & (pl.col("year") == 2024))
    assert pjm.select(
        "zone_name", "display_name", "country_name", "carbon_intensity_gco2e_per_kwh"
    ).row(0) == ("PJM Interconnection", "PJM", "USA", 403.0)
    ireland = frame.filter((pl.col("zone_key") == "IE") & (pl.col("year") == 2021))
    assert ireland.select(
        "carbon_intensity_gco2e_per_kwh", "renewable_pct", "carbon_free_pct", "display_name"
    ).row(0) == (358.0, 41.0, 42.0, None)
    assert frame["carbon_intensity_unit"].unique().to_list() == ["gCO2eq/kWh"]
    assert frame["renewable_unit"].unique().to_list() == ["%"]


def _rewrite(ws, edit, year=2024):
    """Apply edit(doc) -> doc (or text) to one year's file."""
    path = ws.mirror / fixture.DIR / f"yearly_{year}.json"
    result = edit(json.loads(path.read_text()))
    path.write_text(result if isinstance(result, str) else json.dumps(result, indent=2))


def _set(zone, field, key, value):
    def edit(doc):
        doc[zone][field][key] = value
        return doc

    return edit


def _drop(zone, field):
    def edit(doc):
        del doc[zone][field]
        return doc

    return edit


def _both(*edits):
    def edit(doc):
        for e in edits:
            doc = e(doc)
        return doc

    return edit


def _rename_zone(old, new):
    def edit(doc):
        doc[new] = doc.pop(old)
        return doc

    return edit


BAD = {
    "a list at the top level": (
        lambda doc: [{"zone_key": k, **v} for k, v in doc.items()],
        ["file yearly_2024.json", "JSON of the wrong shape: top level is list, expected dict"],
    ),
    "a zone without carbonIntensity": (
        _drop("IE", "carbonIntensity"),
        [
            "column carbonIntensity.value",
            "JSON of the wrong shape: 1 zone(s) without carbonIntensity.value",
            "(zones ['IE'])",
            "rows 4",  # IE is the fourth zone of the file (DE, ES-CN-LP, FR, IE, ...)
        ],
    ),
    "a zone that is not an object": (
        lambda doc: {**doc, "FR": 33},
        ["JSON of the wrong shape: zones that are not objects: ['FR']"],
    ),
    "an unexpected field": (
        _set("DE", "zone", "timezone", "Europe/Berlin"),
        ["JSON of the wrong shape: unexpected fields ['zone.timezone']"],
    ),
    "intensity unit changed": (
        _set("DE", "carbonIntensity", "unit", "kgCO2eq/kWh"),
        [
            "column carbonIntensity.unit",
            "unit changed: carbonIntensity.unit is ['kgCO2eq/kWh'], expected 'gCO2eq/kWh'",
            "(zones ['DE'])",
        ],
    ),
    "share given as a fraction": (
        _set("FR", "carbonFreeEnergy", "unit", "fraction"),
        ["unit changed: carbonFreeEnergy.unit is ['fraction'], expected '%'"],
    ),
    "truncated JSON": (
        lambda doc: json.dumps(doc, indent=2)[:700],
        ["file yearly_2024.json", "not valid JSON"],
    ),
    "unknown country prefix": (
        _rename_zone("XK", "ZZ-1"),
        [
            "column zone_key",
            "country prefix is a known ISO 3166-1 alpha-2 code failed on 1 rows",
            "file yearly_2024.json",
            "['ZZ-1']",
        ],
    ),
    "implausible intensity": (
        _set("FR", "carbonIntensity", "value", 33000),
        ["column carbon_intensity_gco2e_per_kwh", "less_than_or_equal_to(1500", "'33000.0'"],
    ),
    "zero lifecycle intensity": (
        _set("SE-SE1", "carbonIntensity", "value", 0),
        ["column carbon_intensity_gco2e_per_kwh", "greater_than_or_equal_to(5"],
    ),
    "text in a value": (
        _set("DE", "renewableEnergy", "value", "n/a"),
        ["column renewable_pct", "cast to Float64", "'n/a'"],
    ),
    "renewables above carbon-free": (
        _both(
            _set("US", "renewableEnergy", "value", 60),
            _set("US", "carbonFreeEnergy", "value", 41),
        ),
        ["renewable_pct exceeds carbon_free_pct"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_is_rejected_and_changes_nothing(landed, capsys, case):
    edit, expected = BAD[case]
    _rewrite(landed, edit)
    landed.pin("electricitymaps")
    landed.land_fails(capsys, "electricitymaps", *expected)


def test_content_that_is_not_json(landed, capsys, monkeypatch):
    """A CSV (or an error text) where JSON is expected: the sniff refuses it before parsing,
    so update-sources cannot pin it and landing names the file."""
    force_reland(monkeypatch, "zone_yearly")
    (landed.mirror / FILE).write_text("zone_key,carbon_intensity\nDE,341\n")
    landed.land_fails(
        capsys,
        "electricitymaps",
        "file yearly_2024.json] expected JSON, the file does not start with { or [",
    )
