"""EIA MER Table 7.2a: the long CSV lands with annual rows (YYYYMM ending in 13) apart from
the months, 'Not Available' as null, and every check on series, periods and signs able to
fail with the file's own line named."""

import json

import polars as pl
import pytest

from tests.fixtures import eia_mer as fixture

CSV = f"{fixture.DIR}/{fixture.FILE}"
RAW = "raw/eia_mer/net_generation"
# Line numbers in the fixture: CLETPUS's rows are lines 2-18 (1949, 1950, 2023-01..12,
# 202313, 2024-01, 2024-02); NUETPUS (5th series) starts on line 2 + 4 * 17.
COAL_2023_05 = 8
NUCLEAR_2023_ANNUAL = 2 + 4 * 17 + 14


@pytest.fixture
def mer(landed):
    return landed  # this module's source, pinned and landed from its fixture


def test_lands_annual_and_monthly_rows_with_nulls_for_not_available(mer):
    frame = pl.read_parquet(mer.data / f"{RAW}.parquet")
    manifest = json.loads((mer.data / f"{RAW}.manifest.json").read_text())
    lines = (mer.mirror / CSV).read_text().splitlines()
    assert manifest["rows_in"] == manifest["rows_landed"] == len(lines) - 1 == 13 * 17
    assert manifest["rows_rejected"] == 0 and manifest["source_id"] == "eia_mer.net_generation"
    total_2023 = frame.filter(
        (pl.col("msn") == "ELETPUS")
        & (pl.col("year") == 2023)
        & (pl.col("period_type") == "annual")
    )
    assert total_2023.select("month", "net_generation_gwh", "unit").row(0) == (
        None,
        fixture.TOTAL_2023_GWH,
        "Million Kilowatthours",
    )
    monthly = frame.filter((pl.col("period_type") == "monthly") & (pl.col("msn") == "ELETPUS"))
    assert sorted(monthly.filter(pl.col("year") == 2023)["month"]) == list(range(1, 13))
    solar_1949 = frame.filter((pl.col("msn") == "SOETPUS") & (pl.col("year") == 1949))
    assert solar_1949["net_generation_gwh"].to_list() == [None]  # 'Not Available'
    assert frame["net_generation_gwh"].null_count() == 2 * len(fixture.NOT_YET_REPORTED)
    assert "Column_Order" not in frame.columns and "column_order" not in frame.columns
    pumped = frame.filter((pl.col("msn") == "HPETPUS") & (pl.col("year") == 2023))
    assert pumped["net_generation_gwh"].max() < 0  # net of pumping: negative, and allowed


def _replace_on_line(line_no: int, old: str, new: str):
    def edit(text: str) -> str:
        lines = text.split("\r\n")
        assert old in lines[line_no - 1], (old, lines[line_no - 1])
        lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
        return "\r\n".join(lines)

    return edit


BAD = {
    "renamed column": (
        lambda t: t.replace('"Value"', '"Amount"', 1),
        ["header changed (renamed?)", "missing ['Value']", "unexpected ['Amount']"],
    ),
    "unknown series": (
        _replace_on_line(COAL_2023_05, '"CLETPUS"', '"XXETPUS"'),
        ["column msn: isin", f"rows {COAL_2023_05}", "XXETPUS"],
    ),
    "description of another series": (
        _replace_on_line(COAL_2023_05, "From Coal", "From Wood"),
        ["description does not match the MSN", f"rows {COAL_2023_05}"],
    ),
    "month 14": (
        _replace_on_line(COAL_2023_05, '"202305"', '"202314"'),
        ["column month: less_than_or_equal_to(12)", f"rows {COAL_2023_05}"],
    ),
    "malformed period": (
        _replace_on_line(COAL_2023_05, '"202305"', '"2023-5"'),
        ["column year: cast to Int64", f"rows {COAL_2023_05}", "2023-5"],
    ),
    "text in a value": (
        _replace_on_line(COAL_2023_05, '"56272"', '"n/a"'),
        ["column net_generation_gwh: cast to Float64", f"rows {COAL_2023_05}", "n/a"],
    ),
    "negative coal": (
        _replace_on_line(COAL_2023_05, '"56272"', '"-5"'),
        ["negative net generation: only pumped storage", f"rows {COAL_2023_05}"],
    ),
    "months do not sum to the year": (
        _replace_on_line(NUCLEAR_2023_ANNUAL, '"774873"', '"774973"'),
        # every row of the series-year fails: the twelve months and the annual row
        [
            "the twelve months do not sum to the annual row failed on 13 rows",
            f"rows {NUCLEAR_2023_ANNUAL - 12}, ",
        ],
    ),
    "unit changed": (
        _replace_on_line(COAL_2023_05, "Million Kilowatthours", "Billion Kilowatthours"),
        ["column unit: isin", f"rows {COAL_2023_05}"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_is_rejected_and_changes_nothing(mer, capsys, case):
    edit, expected = BAD[case]
    path = mer.mirror / CSV
    path.write_bytes(edit(path.read_bytes().decode()).encode())
    mer.pin("eia_mer")
    mer.land_fails(capsys, "eia_mer", "MER_T07_02A.csv", *expected)
