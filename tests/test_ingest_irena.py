"""Landing IRENA's capacity workbook, and its bad input: each case names the source, file,
column and rows, exits non-zero, and leaves everything landed before exactly as it was."""

import json

import polars as pl
import pytest

from tests.conftest import force_reland
from tests.fixtures import irena as fixture

WORKBOOK = f"{fixture.DIR}/{fixture.FILE}"
MW = fixture.HEADER.index("Electricity Installed Capacity (MW)")


def _raw(ws) -> pl.DataFrame:
    return pl.read_parquet(ws.data / "raw/irena/capacity_country.parquet")


def test_lands_installed_capacity_long_with_manifest(landed):
    frame = _raw(landed)
    manifest = json.loads((landed.data / "raw/irena/capacity_country.manifest.json").read_text())
    data_rows = len(fixture.country_rows()) - 1
    assert manifest["rows_in"] == manifest["rows_landed"] == data_rows == frame.height
    assert manifest["source_id"] == "irena.capacity_country"
    assert manifest["licence"].startswith("© IRENA 2025")
    assert frame.schema["year"] == frame.schema["m49_code"] == pl.Int64
    assert frame.schema["installed_capacity_mw"] == pl.Float64
    by_year = (
        frame.filter(pl.col("country_code") == "CHN")
        .group_by("year")
        .agg(pl.col("installed_capacity_mw").sum())
    )
    total = dict(by_year.iter_rows())
    assert round((total[2024] - total[2023]) / 1000, 1) == fixture.CHINA_NET_CHANGE_2024_GW
    kosovo = frame.filter(pl.col("country_code") == "XKX")
    assert kosovo["m49_code"].unique().to_list() == [412]
    ireland = frame.filter(pl.col("sub_technology") == "Off-grid Solar photovoltaic")
    # the number IRENA stored, not its 15-digit text form (216.2)
    assert fixture.NOISY_VALUE in ireland["installed_capacity_mw"].to_list()
    rejects = pl.read_parquet(landed.data / "rejects/irena/capacity_country.parquet")
    assert rejects.height == 0


def _with_cell(row: int, column: int, value):
    """The Country sheet with one cell replaced (row 1 is the header, as in Excel)."""
    rows = [list(r) for r in fixture.country_rows()]
    rows[row - 1][column] = value
    return fixture.sheets(rows)


def _with_duplicate(row: int):
    rows = fixture.country_rows()
    return fixture.sheets([*rows[:row], rows[row - 1], *rows[row:]])


def _without_country_sheet():
    sheets = fixture.sheets()
    sheets["Countries"] = sheets.pop("Country")
    return sheets


COL = {name: i for i, name in enumerate(fixture.HEADER)}
BAD_WORKBOOK = {
    "Country sheet missing": (
        _without_country_sheet,
        ["sheet 'Country' not found", "'Countries'"],
    ),
    "header renamed": (
        lambda: _with_cell(1, MW, "Electricity Installed Capacity (GW)"),
        [
            "header changed (renamed?)",
            "missing ['Electricity Installed Capacity (MW)']",
            "unexpected ['Electricity Installed Capacity (GW)']",
        ],
    ),
    "text in the MW column": (
        lambda: _with_cell(6, MW, "n/a"),
        ["column installed_capacity_mw", "cast to Float64", "rows 6", "'n/a'"],
    ),
    "negative capacity": (
        lambda: _with_cell(7, MW, -5.0),
        ["column installed_capacity_mw", "greater_than_or_equal_to(0)", "rows 7"],
    ),
    "capacity in kW": (
        lambda: _with_cell(3, MW, 887_000_000.0),
        ["column installed_capacity_mw", "less_than_or_equal_to(5000000", "rows 3"],
    ),
    "year beyond the release": (
        lambda: _with_cell(4, COL["Year"], 2031.0),
        ["column year", "less_than_or_equal_to(2025)", "rows 4"],
    ),
    "unknown country code": (
        lambda: _with_cell(5, COL["ISO3 code"], "ZZZ"),
        ["column country_code", "not a known ISO 3166-1 alpha-3 code", "rows 5", "'ZZZ'"],
    ),
    "M49 code of another country": (
        lambda: _with_cell(8, COL["M49 code"], 158.0),
        ["m49_code is not the M49 code of country_code", "rows 8"],
    ),
    "sub-technology under the wrong technology": (
        lambda: _with_cell(2, COL["Technology"], "Onshore wind energy"),
        ["technology path unknown", "rows 2"],
    ),
    "duplicate key": (
        lambda: _with_duplicate(3),
        [
            "column country_code, technology, sub_technology, producer_type, year",
            "duplicate key",
            "rows 3, 4",
        ],
    ),
    "no data rows": (lambda: fixture.sheets([fixture.HEADER]), ["no data rows"]),
}


@pytest.mark.parametrize("case", sorted(BAD_WORKBOOK))
def test_bad_workbook_is_rejected_and_changes_nothing(landed, capsys, case):
    make_sheets, expected = BAD_WORKBOOK[case]
    fixture.write_xlsx(landed.mirror / WORKBOOK, make_sheets())
    landed.pin("irena")  # as if a maintainer had re-pinned the publisher's new file
    landed.land_fails(capsys, "irena", f"source irena; file {fixture.FILE}", *expected)


def test_not_a_workbook_meets_the_old_pin(landed, capsys, monkeypatch):
    force_reland(monkeypatch, "capacity_country")
    (landed.mirror / WORKBOOK).write_bytes(b"<!DOCTYPE html><html>502</html>")
    landed.land_fails(capsys, "irena", "expected xlsx, got an HTML page")
