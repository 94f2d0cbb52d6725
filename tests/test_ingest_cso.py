"""Landing CSO MEC02 (PxStat CSV), and the checks specific to it: complete quarters, parts
that add up to the total, known categories and unit."""

import json

import polars as pl
import pytest

from tests.fixtures import cso as fixture

RAW = "raw/cso/mec02"


def test_lands_quarters_tidy(landed):
    frame = pl.read_parquet(landed.data / f"{RAW}.parquet")
    manifest = json.loads((landed.data / f"{RAW}.manifest.json").read_text())
    assert frame.height == manifest["rows_landed"] == 8 * 3
    assert manifest["rows_rejected"] == 0
    assert manifest["url"].startswith("https://raw.githubusercontent.com/marcin-pawlowski/")
    row = frame.filter(quarter="2024Q4", category_code="10").row(0, named=True)
    assert row == {
        "quarter": "2024Q4",
        "year": 2024,
        "quarter_of_year": 4,
        "statistic": "MEC02",
        "category_code": "10",
        "category": "Data centres",
        "unit": "GWh",
        "consumption_gwh": 1829.0,
    }
    share = frame.filter(year=2024).pivot(
        "category_code", index="quarter", values="consumption_gwh"
    )
    assert (
        share.select((pl.col("10").sum() / pl.col("-").sum()).round(3)).item() == 0.222
    )  # 6,969 of 31,350 GWh


def _replace_line(line_no, transform):
    def edit(lines):
        lines[line_no - 1] = transform(lines[line_no - 1])
        return lines

    return edit


def _drop_line(line_no):
    return lambda lines: lines[: line_no - 1] + lines[line_no:]


# Line 2 is 2023Q1 all metered; line 3 its data centres; line 24 is 2024Q4 data centres.
BAD_FILES = {
    "quarter missing a category": (
        _drop_line(24),
        ["quarter does not have all three categories", "rows 23, 24", "2024Q4"],
    ),
    "parts do not add up": (
        _replace_line(24, lambda t: t.replace('"1829"', '"1839"')),
        ["differ from all metered consumption by more than 1 GWh", "rows 23, 24, 25"],
    ),
    "unknown category": (
        _replace_line(3, lambda t: t.replace('"10"', '"30"')),
        ["column category_code", "isin", "rows 3", "'30'"],
    ),
    "unit changed to MWh": (
        lambda lines: [lines[0]] + [t.replace('"GWh"', '"MWh"') for t in lines[1:]],
        ["column unit", "isin(['GWh'])", "'MWh'"],
    ),
    "quarter coded differently": (
        _replace_line(2, lambda t: t.replace('"2023Q1","2023Q1"', '"2023-Q1","2023Q1"')),
        ["column quarter", "str_matches", "rows 2", "'2023-Q1'"],
    ),
    "renamed dimension column": (
        lambda lines: [lines[0].replace("C03907V04659", "C03907V04660")] + lines[1:],
        ["header changed (renamed?)", "missing ['C03907V04659']"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_rejected_and_changes_nothing(landed, capsys, case):
    edit, expected = BAD_FILES[case]
    path = landed.mirror / fixture.DIR / fixture.FILE
    path.write_text("\n".join(edit(path.read_text().splitlines())) + "\n")
    landed.pin("cso")
    landed.land_fails(capsys, "cso", "file MEC02.csv", *expected)
