"""Landing Google's yearly region-carbon files into one table, and their bad input: a header
naming neither known intensity method is a structural change, not a new method to guess."""

import json

import polars as pl
import pytest

from tests.fixtures import google as fixture


def _raw(ws) -> pl.DataFrame:
    return pl.read_parquet(ws.data / "raw/google/region_carbon_yearly.parquet")


def test_lands_every_year_with_its_method(landed):
    frame = _raw(landed)
    manifest = json.loads(
        (landed.data / "raw/google/region_carbon_yearly.manifest.json").read_text()
    )
    rows = sum(len(regions) for regions in fixture.REGIONS.values())
    assert manifest["rows_in"] == manifest["rows_landed"] == rows == frame.height  # no blank row
    assert [f["name"] for f in manifest["files"]] == [f"yearly/{y}.csv" for y in fixture.YEARS]
    assert manifest["licence"] == "Apache-2.0"
    methods = dict(frame.select("year", "method").unique().iter_rows())
    assert methods == {
        2019: "lifecycle",
        2020: "lifecycle",
        **{y: "operational" for y in range(2021, 2025)},
    }
    johannesburg = frame.filter(
        (pl.col("year") == 2024) & (pl.col("cloud_region") == "africa-south1")
    )
    assert johannesburg.select(
        "location", "google_cfe_frac", "grid_carbon_intensity_gco2e_per_kwh"
    ).row(0) == ("Johannesburg", 0.15, 656.85)
    zurich_2019 = frame.filter(
        (pl.col("year") == 2019) & (pl.col("cloud_region") == "europe-west6")
    )
    assert zurich_2019["google_cfe_frac"].to_list() == [None]  # an empty cell stays empty
    assert "Zürich" in frame["location"].to_list()


def _replace(year: int, old: str, new: str):
    def edit(ws):
        path = ws.mirror / fixture.DIR / "yearly" / f"{year}.csv"
        text = path.read_bytes().decode()
        assert old in text
        path.write_bytes(text.replace(old, new, 1).encode())

    return edit


BAD_FILES = {
    "intensity header of a third kind": (
        _replace(2022, fixture.OPERATIONAL, "Market-based carbon intensity (gCO2eq / kWh)"),
        [
            "file 2022.csv",
            "header changed: expected one intensity column named one of",
            "found ['Market-based carbon intensity (gCO2eq / kWh)']",
        ],
    ),
    "intensity in kg": (
        _replace(2023, fixture.OPERATIONAL, "Grid carbon intensity (kgCO2eq / kWh)"),
        ["file 2023.csv", "column Grid carbon intensity (kgCO2eq / kWh)", "header changed"],
    ),
    "CFE as a percent": (
        _replace(2024, ",0.17,", ",17,"),
        ["file yearly/2024.csv", "column google_cfe_frac", "less_than_or_equal_to(1)", "rows 3"],
    ),
    "text in the intensity": (
        _replace(2021, ",456", ",n/a"),
        ["column grid_carbon_intensity_gco2e_per_kwh", "cast to Float64", "rows 2", "'n/a'"],
    ),
    "region id with a space": (
        _replace(2020, "us-east4", "us east4"),
        ["column cloud_region", "str_matches", "rows 4"],
    ),
    "region twice in a year": (
        _replace(2019, "europe-west6,Zurich", "asia-east1,Zurich"),
        ["column year, cloud_region", "duplicate key", "rows 2, 3"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_rejected_and_changes_nothing(landed, capsys, case):
    edit, expected = BAD_FILES[case]
    edit(landed)
    landed.pin("google")
    landed.land_fails(capsys, "google", *expected)
