"""Landing GSF's cloud-region metadata and Amazon's project lists, and their bad input: the
always-empty energy columns must stay empty, the estimate file's unnamed column is expected
there only, coordinates and percent signs are parsed or reported, never turned into nulls."""

import json

import polars as pl
import pytest

from tests.fixtures import gsf as fixture

RAW = "raw/gsf"


def _raw(ws, table: str) -> pl.DataFrame:
    return pl.read_parquet(ws.data / RAW / f"{table}.parquet")


def _manifest(ws, table: str) -> dict:
    return json.loads((ws.data / RAW / f"{table}.manifest.json").read_text())


def test_region_metadata_lands_with_units_and_coordinates(landed):
    frame = _raw(landed, "cloud_region_yearly")
    assert frame.height == _manifest(landed, "cloud_region_yearly")["rows_landed"] == 5
    assert "total_ict_energy_consumption_annual" not in " ".join(frame.columns).lower()
    cape_town = frame.filter((pl.col("cloud_region") == "af-south-1") & (pl.col("year") == 2024))
    assert cape_town.select(
        "latitude_deg",
        "longitude_deg",
        "pue_ratio",
        "wue_l_per_kwh",
        "grid_carbon_intensity_average_consumption_annual_gco2e_per_kwh",
    ).row(0) == (-33.9253, 18.4239, 1.24, 0.18, 702.03)
    northeurope = frame.filter(pl.col("cloud_region") == "northeurope")
    assert sorted(northeurope["location"]) == ["Finland", "Ireland"]
    assert frame.filter(pl.col("cloud_provider") == "Google Cloud")["latitude_deg"].to_list() == [
        None
    ]
    estimate = _raw(landed, "cloud_region_yearly_estimate")
    assert estimate.columns == frame.columns
    assert sorted(estimate["year"].unique()) == [2024, 2025]
    licence = _manifest(landed, "cloud_region_yearly")["licence"]
    assert licence.startswith("Unclear: no open-data licence")


def test_amazon_lists_land_as_one_table_with_list_year(landed):
    frame = _raw(landed, "amazon_cfe_projects")
    assert "Amazon Wind Farm Indiana - Fowler Ridge" in frame["site_name"]  # BOM gone
    sizes = dict(frame.group_by("list_year").agg(pl.col("system_size_mw").sum()).iter_rows())
    assert sizes == {2024: 152.98, 2025: 187.26}
    assert frame.filter(pl.col("site_name").str.contains("Nagareyama")).height == 2
    aws = _raw(landed, "aws_renewable_projects")
    ribarroja = aws.filter(pl.col("project_name").str.contains("Ribarroja"))
    assert ribarroja.select("aws_share_pct", "aws_size_mw", "project_size_mw").row(0) == (
        55.0,
        29.37,
        53.4,
    )


def _replace(name: str, old: str, new: str):
    def edit(ws):
        path = ws.mirror / fixture.DIR / name
        data = path.read_bytes()
        assert old.encode() in data
        path.write_bytes(data.replace(old.encode(), new.encode(), 1))

    return edit


def _fill_last_field(name: str, line_no: int, value: str):
    """Put a value in the last column of one line (an always-empty column)."""

    def edit(ws):
        path = ws.mirror / fixture.DIR / name
        end = b"\r\n" if name == "Cloud_Region_Metadata.csv" else b"\n"
        lines = path.read_bytes().split(end)
        lines[line_no - 1] += value.encode()
        path.write_bytes(end.join(lines))

    return edit


def _fill_unnamed(name: str, line_no: int, value: str):
    """The estimate file's unnamed column is the second last: write into it."""

    def edit(ws):
        path = ws.mirror / fixture.DIR / name
        lines = path.read_bytes().split(b"\n")
        assert lines[line_no - 1].endswith(b",,")
        lines[line_no - 1] = lines[line_no - 1][:-1] + value.encode() + b","
        path.write_bytes(b"\n".join(lines))

    return edit


def _duplicate_line(name: str, line_no: int):
    def edit(ws):
        path = ws.mirror / fixture.DIR / name
        lines = path.read_bytes().split(b"\r\n")
        path.write_bytes(b"\r\n".join([*lines[:line_no], lines[line_no - 1], *lines[line_no:]]))

    return edit


REGIONS = "Cloud_Region_Metadata.csv"
ESTIMATE = "Cloud_Region_Metadata_estimate.csv"
AWS = "AWS_renewable_energy_2023.csv"
CFE_2024 = "Amazon-Carbon-Free-Energy-Projects-2024.csv"
CFE_2025 = "Amazon-Carbon-Free-Energy-Projects-2025.csv"
BAD_FILES = {
    "an empty column fills in": (
        _fill_last_field(REGIONS, 3, "1234.5"),
        [
            f"file {REGIONS}",
            "column renewable-energy-consumption-onsite",
            "rows 3",
            "empty in every row now holds values",
        ],
    ),
    "unnamed column gets a name": (
        _replace(ESTIMATE, "Unnamed: 23,", "notes,"),
        [
            f"file {ESTIMATE}",
            "header changed (renamed?)",
            "missing ['Unnamed: 23']",
            "unexpected ['notes']",
        ],
    ),
    "unnamed column fills in": (
        _fill_unnamed(ESTIMATE, 3, "x"),
        [f"file {ESTIMATE}", "column Unnamed: 23", "rows 3", "now holds values (1 rows, e.g. 'x')"],
    ),
    "unnamed column in the reported file": (
        _replace(REGIONS, "renewable-energy-consumption-onsite", "Unnamed: 23"),
        [
            "header changed (renamed?)",
            "missing ['renewable-energy-consumption-onsite']",
            "unexpected ['Unnamed: 23']",
        ],
    ),
    "geolocation that is not two numbers": (
        _replace(REGIONS, "60.1699,24.9384", "Helsinki"),
        ["column latitude_deg", "cast to Float64", "rows 4", "'Helsinki'"],
    ),
    "PUE below one": (
        _replace(REGIONS, ",1.24,", ",0.94,"),
        ["column pue_ratio", "greater_than_or_equal_to(1.0)", "rows 2"],
    ),
    "CFE as a percent": (
        _replace(REGIONS, ",0.25,", ",25,"),
        ["column provider_cfe_hourly_frac", "less_than_or_equal_to(1)", "rows 6"],
    ),
    "Electricity Maps zone of no country": (
        _replace(REGIONS, ",US-NW-PACE,", ",XX-NW-PACE,"),
        ["em_zone_id does not start with an ISO 3166-1 alpha-2 code", "rows 6"],
    ),
    "percent without its sign": (
        _replace(AWS, ",55%,", ",0.55,"),
        ["column aws_share_pct", "cast to Float64", "rows 3", "0.55 (no % sign)"],
    ),
    "AWS size not its share": (
        _replace(AWS, ",29.37", ",53.4"),
        ["aws_size_mw is not project_size_mw x aws_share_pct / 100", "rows 3"],
    ),
    "unknown country": (
        _replace(CFE_2025, ",Czech Republic,2026", ",Bohemia,2026"),
        [f"file {CFE_2025}", "country is not an ISO country name nor a gsf alias", "rows 3"],
    ),
    "new project type": (
        _replace(CFE_2025, ",Solar,", ",Geothermal,"),
        ["column project_type", "isin", "rows 3", "'Geothermal'"],
    ),
    "same project twice in a list": (
        _duplicate_line(CFE_2024, 2),
        [
            f"file {CFE_2024}",
            "column list_year, site_name, city_county, operational_year",
            "duplicate key",
            "rows 2, 3",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_rejected_and_changes_nothing(landed, capsys, case):
    edit, expected = BAD_FILES[case]
    edit(landed)
    landed.pin("gsf")
    landed.land_fails(capsys, "gsf", *expected)
