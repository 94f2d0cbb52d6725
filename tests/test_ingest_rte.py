"""Landing RTE's annual consumption as ODRÉ exports it (BOM, CRLF, `;`), and the bad input
specific to it: a changed header, a unit slip, a missing year, parts that do not add up,
an unknown status, a comma-separated file."""

import json

import polars as pl
import pytest

from tests.fixtures import rte as fixture

RAW = "raw/rte/annual_consumption"


def test_lands_every_year_typed(landed):
    frame = pl.read_parquet(landed.data / f"{RAW}.parquet")
    manifest = json.loads((landed.data / f"{RAW}.manifest.json").read_text())
    assert frame.height == manifest["rows_landed"] == len(fixture.YEARS)
    assert manifest["rows_rejected"] == 0
    assert manifest["licence"] == "Licence Ouverte / Etalab 2.0"
    assert frame.columns[0] == "year"  # the byte-order mark is not part of the first name
    row = frame.filter(year=2023).row(0, named=True)
    assert row == {
        "year": 2023,
        "electricity_gross_gwh": 438599.0,
        "electricity_weather_corrected_gwh": 445722.0,
        "electricity_status": "Consolidé",
        "gas_grtgaz_gwh_pcs": 358327.0,
        "gas_grtgaz_status": "Consolidé",
        "gas_terega_gwh_pcs": 22169.0,
        "gas_terega_status": "Consolidé",
        "gas_total_gwh_pcs": 380496.0,
        "total_gross_gwh": 819095.0,
    }
    before_gas = frame.filter(year=2003).row(0, named=True)
    assert before_gas["gas_total_gwh_pcs"] is None and before_gas["total_gross_gwh"] is None


def _edit_line(year, old, new):
    def edit(lines):
        return [t.replace(old, new) if t.startswith(f"{year};") else t for t in lines]

    return edit


BAD_FILES = {
    "electricity in MWh": (
        _edit_line(2021, ";471588;", ";471588000;"),
        ["column electricity_gross_gwh", "less_than_or_equal_to(700000", "'471588000.0'"],
    ),
    "a year missing": (
        lambda lines: [t for t in lines if not t.startswith("2012;")],
        ["years are not consecutive"],
    ),
    "gas total does not add up": (
        _edit_line(2022, ";429643;", ";439643;"),
        ["gas total differs from GRTgaz + Teréga by more than 1 GWh"],
    ),
    "unknown status": (
        _edit_line(2023, ";Consolidé;819095", ";Estimé;819095"),
        ["column electricity_status", "isin", "'Estimé'"],
    ),
    "renamed column": (
        lambda lines: (
            [lines[0].replace("Consommation corrigée", "Consommation normalisée")] + lines[1:]
        ),
        ["header changed (renamed?)", "missing ['Consommation corrigée électricité (GWh) - RTE']"],
    ),
    "comma-separated export": (
        lambda lines: [t.replace(";", ",") for t in lines],
        ["header changed", "missing ['Année'"],
    ),
    "duplicate year": (
        lambda lines: lines + [lines[1]],
        ["column year", "duplicate key failed on 2 rows", "rows 2, 25"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_rejected_and_changes_nothing(landed, capsys, case):
    edit, expected = BAD_FILES[case]
    path = landed.mirror / fixture.DIR / fixture.FILE
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(("\r\n".join(edit(text.splitlines())) + "\r\n").encode("utf-8-sig"))
    landed.pin("rte")
    landed.land_fails(capsys, "rte", f"file {fixture.FILE}", *expected)
