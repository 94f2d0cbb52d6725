"""USgrid's US_source.rda (EIA-930 hourly generation by fuel, Lower 48): the R object lands
with UTC, hour-ending timestamps; the wrong object, text dates, a renamed column and bad
values are each refused with the source, file and rows named."""

import bz2
import json
from datetime import UTC, datetime

import polars as pl
import pyreadr
import pytest

from tests.fixtures import eia930_usgrid as fixture

RDA = f"{fixture.DIR}/{fixture.FILE}"
RAW = "raw/eia930_usgrid/us48_generation_hourly"


@pytest.fixture
def usgrid(landed):
    return landed  # this module's source, pinned and landed from its fixture


def test_lands_hourly_generation_by_fuel_in_utc(usgrid):
    frame = pl.read_parquet(usgrid.data / f"{RAW}.parquet")
    manifest = json.loads((usgrid.data / f"{RAW}.manifest.json").read_text())
    assert manifest["rows_in"] == manifest["rows_landed"] == 8 * fixture.HOURS == frame.height
    assert manifest["files"][0]["url"].endswith("/data/US_source.rda")
    assert frame.schema["datetime_utc"] == pl.Datetime("us", "UTC")
    assert frame["datetime_utc"].min() == fixture.START
    gas = frame.filter(
        (pl.col("fuel") == "natural gas")
        & (pl.col("datetime_utc") == datetime(2018, 7, 1, 7, tzinfo=UTC))
    )
    assert gas["net_generation_mwh"].item() == fixture.mwh("natural gas", 2) == 160200
    solar = frame.filter(pl.col("fuel") == "solar").sort("datetime_utc")
    assert solar["net_generation_mwh"].min() == -6  # night-time own use: allowed for solar


def _frame_with(**changes) -> dict[str, list]:
    columns = fixture.frame()
    for row, (column, value) in changes.items():
        columns[column][int(row.removeprefix("row"))] = value
    return columns


def _write_objects(objects):
    return lambda mirror: fixture.write(mirror, objects)


def _write_with_pyreadr(name: str, text_dates: bool = False):
    """pyreadr's own writer, where its limit does not matter: it writes date-times as text,
    which is itself one of the bad inputs."""

    def write(mirror):
        frame = pl.DataFrame(fixture.frame()).with_columns(pl.col("series").cast(pl.Int32))
        if text_dates:
            frame = frame.with_columns(pl.col("date_time").dt.strftime("%Y-%m-%d %H:%M:%S"))
        pyreadr.write_rdata(mirror / RDA, frame, df_name=name, compress="gzip")

    return write


def _drop_row(index: int):
    columns = fixture.frame()
    return {name: values[:index] + values[index + 1 :] for name, values in columns.items()}


BAD = {
    "no US_source object": (
        _write_with_pyreadr("US_elec"),
        ["R object 'US_source' not found; objects: ['US_elec']"],
    ),
    "dates written as text": (
        _write_with_pyreadr("US_source", text_dates=True),
        ["column date_time", "date_time is String, not an R date-time (POSIXct)"],
    ),
    "renamed column": (
        _write_objects(
            {
                fixture.OBJECT: {
                    ("value" if k == "series" else k): v for k, v in fixture.frame().items()
                }
            }
        ),
        ["header changed (renamed?)", "missing ['series']", "unexpected ['value']"],
    ),
    "negative coal": (
        _write_objects({fixture.OBJECT: _frame_with(row5=("series", -50))}),
        ["negative net generation: only solar", "rows 6"],
    ),
    "unknown fuel": (
        _write_objects({fixture.OBJECT: _frame_with(row0=("source", "battery"))}),
        ["column fuel: isin", "rows 1", "battery"],
    ),
    "an hour missing a fuel": (
        _write_objects({fixture.OBJECT: _drop_row(10)}),
        ["an hour without all 8 fuels", "failed on 7 rows"],
    ),
    "truncated file": (
        lambda mirror: (mirror / RDA).write_bytes((mirror / RDA).read_bytes()[:900]),
        ["US_source.rda", "cannot parse"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_rda_is_rejected_and_changes_nothing(usgrid, capsys, case):
    write, expected = BAD[case]
    write(usgrid.mirror)
    usgrid.pin("eia930_usgrid")
    usgrid.land_fails(capsys, "eia930_usgrid", "US_source.rda", *expected)


def test_fixture_round_trips_through_pyreadr(tmp_path):
    """The hand-serialised R file reads back as the frame it was written from, date-times
    included (which pyreadr's own writer would have turned into text)."""
    path = tmp_path / "US_source.rda"
    path.write_bytes(bz2.compress(fixture.rdata({fixture.OBJECT: fixture.frame()})))
    frame = pyreadr.read_r(path, output_format="polars", timezone="UTC")[fixture.OBJECT]
    expected = fixture.frame()
    assert frame.columns == list(expected)
    assert frame["date_time"].to_list() == expected["date_time"]
    assert frame["series"].to_list() == expected["series"]
    assert frame["source"].to_list() == expected["source"]
