"""Ruggles & Farnham's cleaned EIA-930 demand: eight regional files land in one hourly table
keyed by region (from the file name) and UTC hour; the BA list lands without its source
note. Layout changes and inconsistent values are refused, naming source, file and rows."""

import json
import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from ingest.settings import use
from tests.conftest import NO_MIRROR
from tests.fixtures import eia930_ruggles as fixture

MIRROR = os.environ.get("SOURCE_MIRROR")  # the publishers' files, read before any fixture
RAW = "raw/eia930_ruggles"


@pytest.fixture
def ruggles(landed):
    return landed  # this module's source, pinned and landed from its fixture


def test_lands_all_regions_in_one_hourly_table(ruggles):
    frame = pl.read_parquet(ruggles.data / f"{RAW}/demand_hourly.parquet")
    manifest = json.loads((ruggles.data / f"{RAW}/demand_hourly.manifest.json").read_text())
    assert manifest["rows_in"] == manifest["rows_landed"] == 8 * fixture.HOURS == frame.height
    assert len(manifest["files"]) == 8
    assert set(frame["region_code"]) == {"CONUS", *fixture.BASE_MW, *fixture.BA_BASE_MW}
    assert frame.schema["datetime_utc"] == pl.Datetime("us", "UTC")
    assert frame["datetime_utc"].min() == datetime(2020, 1, 1, tzinfo=UTC)

    def hour(region, h):
        at = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(hours=h)
        match = frame.filter((pl.col("region_code") == region) & (pl.col("datetime_utc") == at))
        return match.select("raw_demand_mw", "cleaned_demand_mw", "category").row(0)

    missing = min(fixture.PJM_DOM_MISSING)
    assert hour("PJM-DOM", missing) == (None, fixture.demand("PJM-DOM", missing), "MISSING")
    anomaly_hour, raw, imputed = fixture.PJM_DOM_ANOMALY
    assert hour("PJM-DOM", anomaly_hour) == (raw, imputed, "GLOBAL_DEM")
    assert hour("CONUS", 3) == (fixture.demand("CONUS", 3) + 40, fixture.demand("CONUS", 3), None)
    by_hour = frame.filter(pl.col("region_code").str.ends_with("_IC")).group_by("datetime_utc")
    conus = frame.filter(pl.col("region_code") == "CONUS").select(
        "datetime_utc", pl.col("cleaned_demand_mw").alias("conus")
    )
    summed = by_hour.agg(pl.col("cleaned_demand_mw").sum()).join(conus, on="datetime_utc")
    assert (summed["cleaned_demand_mw"] == summed["conus"]).all()


def test_lands_balancing_authorities_without_the_source_note(ruggles):
    frame = pl.read_parquet(ruggles.data / f"{RAW}/balancing_authorities.parquet")
    assert frame.columns == ["ba_code", "ba_name", "time_zone", "region"]
    assert frame.height == len(fixture.BA_ROWS)
    assert frame.filter(pl.col("ba_code") == "AECI")["ba_name"].item() == (
        "Associated Electric Cooperative, Inc."
    )
    assert frame.filter(pl.col("region").is_in(["Canada", "Mexico"]))["time_zone"].null_count() == 2


def _edit(name: str, transform):
    def edit(mirror):
        path = mirror / fixture.DIR / name
        path.write_bytes(transform(path.read_bytes().decode("utf-8")).encode("utf-8"))

    return edit


def _line(line_no: int, old: str, new: str):
    def transform(text: str) -> str:
        ending = "\r\n" if "\r\n" in text else "\n"
        lines = text.split(ending)
        assert old in lines[line_no - 1], (old, lines[line_no - 1])
        lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
        return ending.join(lines)

    return transform


def _drop_column(index: int):
    def transform(text: str) -> str:
        rows = [line.split(",") for line in text.rstrip("\n").split("\n")]
        return "\n".join(",".join(r[:index] + r[index + 1 :]) for r in rows) + "\n"

    return transform


def _last_field(line_no: int, value: str):
    def transform(text: str) -> str:
        lines = text.split("\n")
        lines[line_no - 1] = lines[line_no - 1].rsplit(",", 1)[0] + "," + value
        return "\n".join(lines)

    return transform


def _add_category(text: str) -> str:
    rows = [line.split(",") for line in text.rstrip("\n").split("\n")]
    extra = ["category"] + ["OKAY"] * (len(rows) - 1)
    return "\n".join(",".join([*r[:2], c, r[2]]) for r, c in zip(rows, extra, strict=True)) + "\n"


BAD = {
    "BA file without its category column": (
        _edit("SOCO.csv", _drop_column(2)),
        ["file SOCO.csv", "header changed", "missing ['category']"],
    ),
    "CONUS file with a category column": (
        _edit("CONUS.csv", _add_category),
        ["file CONUS.csv", "header changed", "unexpected ['category']"],
    ),
    "date in another format": (
        _edit("TVA.csv", _line(4, "2020-01-01 02:00:00", "01/01/2020 02:00")),
        ["file TVA.csv", "column date_time", "rows 4", "not in the form %Y-%m-%d %H:%M:%S"],
    ),
    "an hour twice": (
        _edit("DUK.csv", _line(4, "2020-01-01 02:00:00", "2020-01-01 01:00:00")),
        ["file DUK.csv", "region_code, datetime_utc", "duplicate key", "rows 3, 4"],
    ),
    "unknown category": (
        _edit("SOCO.csv", _line(5, ",OKAY,", ",WEIRD,")),
        ["file SOCO.csv", "column category: isin", "rows 5", "WEIRD"],
    ),
    "an OKAY hour changed by the cleaning": (
        _edit("SOCO.csv", _line(5, ",OKAY,", ",OKAY,1")),
        ["file SOCO.csv", "an hour screened OKAY has cleaned demand different from raw", "rows 5"],
    ),
    "an empty raw value not screened MISSING": (
        _edit("PJM-DOM.csv", _line(8, "MISSING,MISSING", "MISSING,OKAY")),
        ["file PJM-DOM.csv", "raw demand is empty but the hour is not screened MISSING", "rows 8"],
    ),
    "zero cleaned demand": (
        _edit("CONUS.csv", _last_field(6, "0")),
        ["file CONUS.csv", "column cleaned_demand_mw: greater_than(0)", "rows 6"],
    ),
    "BA list without its source note": (
        _edit("balancing_authority_acronyms.csv", lambda t: t.split("\r\n", 1)[1]),
        ["file balancing_authority_acronyms.csv", "header changed"],
    ),
    "a Canadian BA with a US time zone": (
        _edit("balancing_authority_acronyms.csv", _line(5, ",,Canada", ",Mountain,Canada")),
        ["time zone must be given exactly for the US balancing authorities", "rows 5"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_rejected_and_changes_nothing(ruggles, capsys, case):
    edit, expected = BAD[case]
    edit(ruggles.mirror)
    ruggles.pin("eia930_ruggles")
    err = ruggles.land_fails(capsys, "eia930_ruggles", *expected)
    assert "1 failed" in err  # the other table is untouched


@pytest.mark.mirror
@pytest.mark.skipif(not MIRROR, reason=NO_MIRROR)
def test_publishers_files_give_the_documented_conus_totals(workspace):
    """The cleaned CONUS demand sums to 3,896 (2020), 3,998, 4,127, 4,067 and 4,183 (2024)
    TWh in the publishers' file (summed when the source was added; a new vintage that moves
    them is a revision to review)."""
    with use(replace(workspace.settings.ingest, mirror=Path(MIRROR))):
        assert workspace.land("eia930_ruggles") == 0
    frame = pl.read_parquet(workspace.data / f"{RAW}/demand_hourly.parquet")
    assert frame.height == 8 * 43_848
    yearly = (
        frame.filter(pl.col("region_code") == "CONUS")
        .group_by(pl.col("datetime_utc").dt.year().alias("year"))
        .agg((pl.col("cleaned_demand_mw").sum() / 1e6).alias("twh"))
        .sort("year")
    )
    expected = [3896, 3998, 4127, 4067, 4183]
    assert yearly["twh"].to_list() == pytest.approx(expected, abs=0.6)
