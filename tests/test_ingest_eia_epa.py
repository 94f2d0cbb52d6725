"""EIA Electric Power Annual Table 3.1.A: the wide, blocked sheet lands long, and a moved
header or block label fails the file naming the sheet row, before any value is checked."""

import json

import polars as pl
import pytest

from ingest.sources.eia_epa import TOTAL
from tests.fixtures import eia_epa as fixture

RAW = "raw/eia_epa/net_generation"
# Sheet rows: 1 header, 2 'Annual Totals', 3-13 years 2014-2024, 14 'Year 2022', 15-26 its
# months, 27 'Year 2023', 28-39, 40 'Year 2024', 41-52. table[i] is sheet row i + 1.
YEAR_2023_LABEL, MARCH_2023 = 27, 30


@pytest.fixture
def epa(landed):
    return landed  # this module's source, pinned and landed from its fixture


def test_lands_long_with_annual_and_monthly_periods(epa):
    frame = pl.read_parquet(epa.data / f"{RAW}.parquet")
    manifest = json.loads((epa.data / f"{RAW}.manifest.json").read_text())
    assert manifest["rows_in"] == manifest["rows_landed"] == (11 + 36) * 15 == frame.height
    assert frame.columns == [
        "period_type",
        "year",
        "month",
        "energy_source",
        "net_generation_gwh",
    ]

    def cell(period_type, year, month, source):
        match = frame.filter(
            (pl.col("period_type") == period_type)
            & (pl.col("year") == year)
            & (pl.col("month").eq_missing(month))
            & (pl.col("energy_source") == source)
        )
        return match["net_generation_gwh"].item()

    assert cell("annual", 2024, None, TOTAL) == fixture.value("annual", 2024, None, TOTAL)
    assert cell("monthly", 2023, 3, "Natural Gas") == fixture.value(
        "monthly", 2023, 3, "Natural Gas"
    )
    assert cell("annual", 2014, None, "Hydroelectric Pumped Storage") < 0
    assert "Renewable Sources Excluding Hydroelectric and Solar" in set(frame["energy_source"])
    assert frame.filter(pl.col("period_type") == "annual")["month"].null_count() == 11 * 15
    assert sorted(frame.filter(pl.col("period_type") == "monthly")["year"].unique()) == [
        2022,
        2023,
        2024,
    ]


def _edited(edit):
    table = fixture.rows()
    edit(table)
    return table


def _set(row: int, column: int, value):
    def edit(table):
        table[row - 1][column] = value

    return edit


def _swap_rows(a: int, b: int):
    def edit(table):
        table[a - 1], table[b - 1] = table[b - 1], table[a - 1]

    return edit


def _delete_row(row: int):
    return lambda table: table.pop(row - 1)


BAD = {
    "sheet missing": (
        dict(sheet="Table 3.1.A"),
        ["sheet 'epa_03_01_a' not found; sheets: ['Table 3.1.A']"],
    ),
    "header renamed": (
        dict(table=_edited(_set(1, 1, "Coal and\nLignite"))),
        [
            "header changed (renamed?)",
            "missing ['Coal']",
            "unexpected ['Coal and Lignite']",
        ],
    ),
    "annual block label renamed": (
        dict(table=_edited(_set(2, 0, "Annual totals"))),
        ["the first block label must be 'Annual Totals' (found: Year 2022)", "rows 14"],
    ),
    "year block label missing": (
        dict(table=_edited(_delete_row(YEAR_2023_LABEL))),
        ["layout changed: 'January' is out of place in block 'Year 2022'", "rows 27"],
    ),
    "months out of order": (
        dict(table=_edited(_swap_rows(MARCH_2023, MARCH_2023 + 1))),
        ["'April' is out of place in block 'Year 2023'", f"rows {MARCH_2023}, {MARCH_2023 + 1}"],
    ),
    "values beside a block label": (
        dict(table=_edited(_set(YEAR_2023_LABEL, 1, 5))),
        ["block label 'Year 2023' has values beside it", f"rows {YEAR_2023_LABEL}"],
    ),
    "text in a value": (
        dict(table=_edited(_set(MARCH_2023, 4, "W"))),
        ["column net_generation_gwh: cast to Float64", f"rows {MARCH_2023}", "'W'"],
    ),
    "negative coal": (
        dict(table=_edited(_set(MARCH_2023, 1, -5))),
        ["negative net generation: only pumped storage", f"rows {MARCH_2023}"],
    ),
    "sources do not add up to the total": (
        dict(table=_edited(_set(MARCH_2023, 1, 80000))),
        ["the eleven sources do not sum to 'Total Generation", f"rows {MARCH_2023}"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_workbook_is_rejected_and_changes_nothing(epa, capsys, case):
    kwargs, expected = BAD[case]
    fixture.write(epa.mirror, **kwargs)
    epa.pin("eia_epa")
    epa.land_fails(capsys, "eia_epa", "epa_03_01_a.xlsx", *expected)
