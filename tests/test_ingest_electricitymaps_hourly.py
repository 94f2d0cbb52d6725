"""Landing Electricity Maps' hourly 2023 files, and the bad input specific to them: a file
holding another zone's or year's hours, a stamp in another form, a unit slip, direct above
life-cycle, an estimated hour without its method, a duplicated hour."""

import json

import polars as pl
import pytest

from tests.fixtures import electricitymaps_hourly as fixture

RAW = "raw/electricitymaps_hourly/zone_hourly"
FR = f"{fixture.DIR}/FR_2023_hourly.csv"


def test_lands_every_zone_and_hour(landed):
    frame = pl.read_parquet(landed.data / f"{RAW}.parquet")
    manifest = json.loads((landed.data / f"{RAW}.manifest.json").read_text())
    assert frame.height == manifest["rows_landed"] == len(fixture.ZONES) * 8760
    assert manifest["rows_rejected"] == 0
    assert manifest["licence"] == "ODbL 1.0"
    hours = frame.group_by("zone_key").agg(
        pl.len(), pl.col("datetime_utc").min().alias("first"), pl.col("datetime_utc").max()
    )
    assert set(hours["len"]) == {8760}
    assert hours["first"].dt.strftime("%Y-%m-%d %H:%M").unique().to_list() == ["2023-01-01 00:00"]
    assert str(frame.schema["datetime_utc"]) == "Datetime(time_unit='us', time_zone='UTC')"
    pjm = frame.filter(zone_key="US-MIDA-PJM").sort("datetime_utc").row(0, named=True)
    assert pjm["zone_name"] == "PJM Interconnection, LLC" and pjm["is_estimated"] is False
    assert pjm["carbon_intensity_lifecycle_gco2e_per_kwh"] == fixture.row("US-MIDA-PJM", 0)[5]
    india = frame.filter(zone_key="IN-WE")
    assert india["is_estimated"].all()
    assert india["estimation_method"].unique().to_list() == ["ESTIMATED_MODE_BREAKDOWN"]
    estimated = frame.filter(zone_key="FR", is_estimated=True)
    assert estimated.height == len(fixture.ESTIMATED_HOURS)


def _edit_line(line_no, old, new):
    def edit(lines):
        assert old in lines[line_no - 1]
        lines[line_no - 1] = lines[line_no - 1].replace(old, new)
        return lines

    return edit


def _field(line_no, index, value):
    def edit(lines):
        fields = lines[line_no - 1].split(",")
        fields[index] = value
        lines[line_no - 1] = ",".join(fields)
        return lines

    return edit


# Line 2 is 2023-01-01 00:00 UTC; line 102 is hour 100, an estimated hour.
BAD_FILES = {
    "another zone's hours": (
        lambda lines: [t.replace(",FR,", ",BE,") for t in lines],
        ["the file holds rows that are not its name's zone id 'FR' (8760 rows)"],
    ),
    "another year's hours": (
        _edit_line(2, "2023-01-01 00:00:00", "2022-12-31 23:00:00"),
        ["the file holds rows that are not its name's datetime (utc) 2023", "rows 2"],
    ),
    "stamp with a time zone": (
        _edit_line(3, "2023-01-01 01:00:00", "2023-01-01T01:00:00+00:00"),
        ["column Datetime (UTC)", "not in the form %Y-%m-%d %H:%M:%S", "rows 3"],
    ),
    "intensity in mg": (
        _field(5, 5, "49400.0"),
        ["column carbon_intensity_lifecycle_gco2e_per_kwh", "less_than_or_equal_to(1500"],
    ),
    "direct above life-cycle": (
        _field(6, 4, "120.0"),
        ["direct intensity above life-cycle", "rows 6"],
    ),
    "estimated hour without its method": (
        _field(102, 10, ""),
        ["an estimated hour without its method", "rows 102"],
    ),
    "duplicated hour": (
        lambda lines: lines[:3] + [lines[2]] + lines[3:],
        ["column zone_key, datetime_utc", "duplicate key failed on 2 rows", "rows 3, 4"],
    ),
    "flag in another word": (
        _field(7, 9, "yes"),
        ["column is_estimated", "cast to Boolean", "'yes'"],
    ),
    "renamed intensity column": (
        lambda lines: [lines[0].replace("(LCA)", "(lifecycle)")] + lines[1:],
        ["header changed (renamed?)", "missing ['Carbon Intensity gCO₂eq/kWh (LCA)']"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_rejected_and_changes_nothing(landed, capsys, case):
    edit, expected = BAD_FILES[case]
    path = landed.mirror / FR
    path.write_text("\n".join(edit(path.read_text().splitlines())) + "\n")
    landed.pin("electricitymaps_hourly")
    landed.land_fails(capsys, "electricitymaps_hourly", "file FR_2023_hourly.csv", *expected)


def test_file_named_for_no_zone_is_refused(landed, capsys):
    path = landed.mirror / FR
    path.rename(path.with_name("France_2023.csv"))
    registry = landed.registry / "electricitymaps_hourly.yml"
    registry.write_text(registry.read_text().replace("FR_2023_hourly.csv", "France_2023.csv"))
    landed.pin("electricitymaps_hourly")
    landed.land_fails(
        capsys, "electricitymaps_hourly", "file France_2023.csv", "not <zone>_<YEAR>_hourly.csv"
    )
