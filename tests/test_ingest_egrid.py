"""eGRID2022 subregion CO2 rates: EPA's CSV (a space after each comma of its header) lands
one row per region with its rate in lb/MWh, and bad input is refused naming the line."""

import json

import polars as pl
import pytest

from tests.fixtures import egrid as fixture

CSV = f"{fixture.DIR}/{fixture.FILE}"
RAW = "raw/egrid/subregion_co2_rates"
SRVC_LINE = 2 + list(fixture.RATES).index("SRVC")


@pytest.fixture
def egrid(landed):
    return landed


def test_lands_one_rate_per_region(egrid):
    frame = pl.read_parquet(egrid.data / f"{RAW}.parquet")
    manifest = json.loads((egrid.data / f"{RAW}.manifest.json").read_text())
    assert manifest["rows_landed"] == frame.height == len(fixture.RATES)
    assert manifest["source_id"] == "egrid.subregion_co2_rates"
    assert dict(frame.select("region", "co2_lb_per_mwh").iter_rows()) == fixture.RATES
    assert frame["year"].unique().to_list() == [2022]


def _edit_line(line_no: int, old: str, new: str):
    def edit(text: str) -> str:
        lines = text.split("\n")
        assert old in lines[line_no - 1], (old, lines[line_no - 1])
        lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
        return "\n".join(lines)

    return edit


BAD = {
    "renamed rate column": (
        lambda t: t.replace("(lb/MWh)", "(kg/MWh)", 1),
        ["header changed (renamed?)", "(lb/MWh)"],
    ),
    "unknown subregion": (
        _edit_line(SRVC_LINE, "SRVC", "SRXX"),
        ["column region: isin", f"rows {SRVC_LINE}", "SRXX"],
    ),
    "rate in g/kWh instead of lb/MWh, times 10": (
        _edit_line(SRVC_LINE, "622.987", "6229.87"),
        ["column co2_lb_per_mwh: less_than_or_equal_to(3000)", f"rows {SRVC_LINE}"],
    ),
    "empty rate": (
        _edit_line(SRVC_LINE, "622.987", ""),
        ["co2_lb_per_mwh", f"{SRVC_LINE}"],
    ),
    "duplicate region": (
        _edit_line(SRVC_LINE, "SRVC", "RFCW"),
        ["region", "year", "RFCW"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_is_rejected_and_changes_nothing(egrid, capsys, case):
    edit, expected = BAD[case]
    path = egrid.mirror / CSV
    path.write_bytes(edit(path.read_bytes().decode()).encode())
    egrid.pin("egrid")
    egrid.land_fails(capsys, "egrid", fixture.FILE, *expected)
