"""Landing OWID's wide electricity mix as a long table and its codebook, and the bad input
specific to them: a changed header (the unit is in it), unknown geographies, values outside
the range of their unit, gaps, duplicates."""

import csv
import io
import json

import polars as pl
import pytest

from tests.fixtures import owid as fixture

MIX = f"{fixture.DIR}/{fixture.MIX}"
CODEBOOK = f"{fixture.DIR}/owid-energy-codebook.csv"


def test_mix_lands_long_with_units_and_kinds(landed):
    raw = landed.data / "raw" / "owid"
    manifest = json.loads((raw / "electricity_mix_yearly.manifest.json").read_text())
    mix = pl.read_parquet(raw / "electricity_mix_yearly.parquet")
    cells = len(fixture.GEOGRAPHIES) * len(fixture.YEARS) * len(fixture.VARIABLES)
    empty = sum(len(fixture.YEARS) for _ in fixture.EMPTY)
    assert mix.height == manifest["rows_landed"] == cells - empty  # empty cells are not rows
    assert manifest["rows_rejected"] == 0

    def one(country, year, variable):
        return (
            mix.filter(
                (pl.col("country") == country)
                & (pl.col("year") == year)
                & (pl.col("variable") == variable)
            )
            .select("value", "unit", "kind")
            .rows()
        )

    assert one("World", 2021, fixture.GENERATION) == [(27520.53, "TWh", "absolute")]
    assert one("World", 2021, fixture.INTENSITY) == [(442.369, "gCO2/kWh", "intensity")]
    assert one("United States", 2021, fixture.GENERATION) == [(4157.1, "TWh", "absolute")]
    assert one("Russia", 2020, "Net imports (TWh)") == [(-1.5, "TWh", "absolute")]
    assert one("CIS", 2019, "Coal (% electricity)") == [(12.5, "%", "share")]
    assert one("Ireland", 2021, "Per capita electricity (kWh)") == [(850.0, "kWh", "per_capita")]
    assert one("Europe", 2021, "Electricity as share of primary energy")[0][1:] == ("%", "share")
    assert one("Kosovo", 2021, "Emissions (MtCO2)") == []
    assert one("World", 2021, "Net imports (TWh)") == []
    assert dict(mix.group_by("unit").agg(pl.col("variable").n_unique()).rows()) == {
        "TWh": 16,
        "MtCO2": 1,
        "gCO2/kWh": 1,
        "kWh": 14,
        "%": 15,
    }


def test_codebook_lands(landed):
    codebook = pl.read_parquet(landed.data / "raw" / "owid" / "codebook.parquet")
    assert codebook.height == len(fixture.CODEBOOK)
    units = dict(codebook.select("column_name", "unit").rows())
    assert units["country"] is None
    assert units["carbon_intensity_elec"] == "grams of CO₂ equivalents per kilowatt-hour"


def _rewrite_csv(path, edit):
    """edit(rows) on the CSV's rows as lists (row 0 = header)."""
    rows = list(csv.reader(io.StringIO(path.read_text())))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(edit(rows))
    path.write_text(out.getvalue())


def _set_cell(country, year, column, value):
    def edit(rows):
        col = rows[0].index(column)
        for row in rows[1:]:
            if row[0] == country and row[1] == str(year):
                row[col] = value
        return rows

    return edit


def _rename_column(old, new):
    def edit(rows):
        rows[0][rows[0].index(old)] = new
        return rows

    return edit


def _drop_column(name):
    def edit(rows):
        col = rows[0].index(name)
        return [r[:col] + r[col + 1 :] for r in rows]

    return edit


def _append_copy_of_line(line_no):
    return lambda rows: rows + [rows[line_no - 1]]


# World 2019-2021 are lines 2-4, United States lines 5-7, Ireland 8-10, Russia 11-13, ...
BAD_MIX = {
    "unit changed in a header": (
        _rename_column("Electricity from coal (TWh)", "Electricity from coal (GWh)"),
        [
            "header changed (renamed?)",
            "missing ['Electricity from coal (TWh)']",
            "unexpected ['Electricity from coal (GWh)']",
        ],
    ),
    "missing column": (
        _drop_column("Emissions (MtCO2)"),
        ["header changed", "missing ['Emissions (MtCO2)']"],
    ),
    "unknown geography": (
        _set_cell("Ireland", 2020, "Country", "Atlantis"),
        ["column country", "not a known OWID geography", "rows 9", "'Atlantis'"],
    ),
    "a BP region not in the list": (
        _set_cell("CIS", 2021, "Country", "Asia (BP)"),
        ["column country", "not a known OWID geography", "'Asia (BP)'"],
    ),
    "share above 100 %": (
        _set_cell("United States", 2020, "Coal (% electricity)", "180"),
        ["value outside its plausible range", "% 0..100", "rows 6"],
    ),
    "negative generation": (
        _set_cell("World", 2019, fixture.GENERATION, "-26291"),
        ["value outside its plausible range", "rows 2"],
    ),
    "intensity in mg": (
        _set_cell("Ireland", 2021, fixture.INTENSITY, "336000"),
        ["value outside its plausible range", "gCO2/kWh 0..2,000", "rows 10"],
    ),
    "text in a value": (
        _set_cell("Russia", 2019, "Electricity from wind (TWh)", "n/a"),
        ["column value", "cast to Float64", "rows 11", "'n/a'"],
    ),
    "text in a year": (
        _set_cell("Russia", 2019, "Year", "2019e"),
        ["column year", "cast to Int64", "rows 11"],
    ),
    "duplicate line": (
        _append_copy_of_line(4),
        ["column country, year, variable", "duplicate key"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_MIX))
def test_bad_mix_is_rejected_and_changes_nothing(landed, capsys, case):
    edit, expected = BAD_MIX[case]
    _rewrite_csv(landed.mirror / MIX, edit)
    landed.pin("owid")
    err = landed.land_fails(capsys, "owid", *expected)
    assert "ingest: 0 landed, 1 unchanged, 1 failed" in err


def test_truncated_mix(landed, capsys):
    path = landed.mirror / MIX
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 - 3])
    landed.pin("owid")
    err = landed.land_fails(capsys, "owid", "file is truncated", fixture.MIX)
    assert "ingest: 0 landed, 1 unchanged, 1 failed" in err


def test_codebook_unit_changed(landed, capsys):
    _rewrite_csv(
        landed.mirror / CODEBOOK,
        lambda rows: [[c.replace("terawatt-hours", "gigawatt-hours") for c in r] for r in rows],
    )
    landed.pin("owid")
    err = landed.land_fails(capsys, "owid", "column unit", "isin", "'gigawatt-hours'", "rows 4")
    assert "ingest: 0 landed, 1 unchanged, 1 failed" in err
