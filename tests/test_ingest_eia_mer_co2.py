"""EIA MER Table 11.6: the power sector's CO2 lands with annual rows apart from the months,
'Not Available' as null, and every check on series, periods, units and the fuels adding up
to their totals able to fail with the file's own line named."""

import json

import polars as pl
import pytest

from tests.fixtures import eia_mer_co2 as fixture
from tests.test_ingest_eia_mer import _replace_on_line

CSV = f"{fixture.DIR}/{fixture.FILE}"
RAW = "raw/eia_mer_co2/power_sector_co2"
ROWS_PER_SERIES = 1 + 2 * 13  # 1988's annual row, then 2022 and 2023: twelve months and a total
# Line numbers: CLEIEUS's rows are lines 2-28 (198813, 2022-01..12, 202213, 2023-01..12,
# 202313); NNEIEUS (2nd series) starts on line 29; TXEIEUS (9th) on line 2 + 8 * 27.
COAL_2022_05 = 2 + 1 + 4
GAS_2022_ANNUAL = 29 + 13
TOTAL_2022_03 = 2 + 8 * ROWS_PER_SERIES + 1 + 2


@pytest.fixture
def co2(landed):
    return landed  # this module's source, pinned and landed from its fixture


def test_lands_the_power_sectors_co2_by_fuel(co2):
    frame = pl.read_parquet(co2.data / f"{RAW}.parquet")
    manifest = json.loads((co2.data / f"{RAW}.manifest.json").read_text())
    lines = (co2.mirror / CSV).read_text().splitlines()
    assert manifest["rows_in"] == manifest["rows_landed"] == len(lines) - 1 == 9 * ROWS_PER_SERIES
    assert manifest["source_id"] == "eia_mer_co2.power_sector_co2"
    total = frame.filter(
        (pl.col("msn") == "TXEIEUS")
        & (pl.col("year") == 2022)
        & (pl.col("period_type") == "annual")
    )
    assert total.select("month", "co2_mt", "unit").row(0) == (
        None,
        fixture.TOTAL_2022_MT,
        "Million Metric Tons of Carbon Dioxide",
    )
    early = frame.filter(pl.col("year") == 1988)
    assert early.filter(pl.col("co2_mt").is_null())["msn"].sort().to_list() == [
        "GEEIEUS",
        "NWEIEUS",
    ]
    assert "Column_Order" not in frame.columns


BAD = {
    "renamed column": (
        lambda t: t.replace('"Value"', '"Amount"', 1),
        ["header changed (renamed?)", "missing ['Value']", "unexpected ['Amount']"],
    ),
    "unknown series": (
        _replace_on_line(COAL_2022_05, '"CLEIEUS"', '"XXEIEUS"'),
        ["column msn: isin", f"rows {COAL_2022_05}", "XXEIEUS"],
    ),
    "text in a value": (
        _replace_on_line(COAL_2022_05, '"71.04"', '"n/a"'),
        ["column co2_mt: cast to Float64", f"rows {COAL_2022_05}", "n/a"],
    ),
    "negative emissions": (
        _replace_on_line(COAL_2022_05, '"71.04"', '"-71.04"'),
        ["column co2_mt: greater_than_or_equal_to(0)", f"rows {COAL_2022_05}"],
    ),
    "thousand tonnes instead of million": (
        _replace_on_line(GAS_2022_ANNUAL, '"660.84"', '"660840"'),
        ["column co2_mt: less_than_or_equal_to(3000)", f"rows {GAS_2022_ANNUAL}"],
    ),
    "months do not sum to the year": (
        _replace_on_line(GAS_2022_ANNUAL, '"660.84"', '"670.84"'),
        ["the twelve months do not sum to the annual row", f"rows {GAS_2022_ANNUAL - 12}, "],
    ),
    "fuels do not add up to the total": (
        _replace_on_line(TOTAL_2022_03, '"128.725"', '"129.725"'),
        ["the fuels do not add up to the total", f"{TOTAL_2022_03}"],
    ),
    "unit changed": (
        _replace_on_line(COAL_2022_05, "Million Metric Tons", "Thousand Metric Tons"),
        ["column unit: isin", f"rows {COAL_2022_05}"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_is_rejected_and_changes_nothing(co2, capsys, case):
    edit, expected = BAD[case]
    path = co2.mirror / CSV
    path.write_bytes(edit(path.read_bytes().decode()).encode())
    co2.pin("eia_mer_co2")
    co2.land_fails(capsys, "eia_mer_co2", fixture.FILE, *expected)
