"""Google Cloud's yearly region carbon data (GoogleCloudPlatform/region-carbon-info): the share
of carbon-free energy Google's load gets in each cloud region, and the grid's carbon intensity.
One CSV per year; the year comes from the file name and the intensity's method from its header.
"""

import csv
import re
from pathlib import Path

import pandera.polars as pa
import polars as pl

from ingest.checks import grid_intensity
from ingest.errors import IngestError
from ingest.land import ROW_COL
from ingest.readers import read_csv

SOURCE = "google"
REGION, LOCATION, CFE = "Google Cloud Region", "Location", "Google CFE"
# The intensity column's header names its method. Google's README defines the later one as
# "the average operational gross emissions per unit of energy from the grid"; 2019 and 2020
# were published as lifecycle intensities. Any other header is a change to look at.
INTENSITY_METHODS = {
    "Lifecycle grid carbon intensity (gCO2eq / kWh)": "lifecycle",
    "Grid carbon intensity (gCO2eq / kWh)": "operational",
}


class RegionCarbonYearly(pa.DataFrameModel):
    year: int = pa.Field(ge=2019, le=2100, description="Calendar year (from the file name)")
    cloud_region: str = pa.Field(
        str_matches=r"^[a-z]+(-[a-z]+)*[0-9]+$",
        description="Google Cloud region id, e.g. europe-west1",
    )
    location: str = pa.Field(description="Google's name for the region's location (city, country)")
    google_cfe_frac: float = pa.Field(
        ge=0,
        le=1,
        nullable=True,  # empty for some regions in 2019-2021: Google published no figure
        description="Google CFE: hourly share of the region's load met by carbon-free energy, "
        "counting Google's own purchases in that grid, 0-1",
    )
    grid_carbon_intensity_gco2e_per_kwh: float = grid_intensity(
        "Average carbon intensity of the local grid, gCO2e per kWh (method in `method`)"
    )
    method: str = pa.Field(
        isin=sorted(set(INTENSITY_METHODS.values())),
        description="Intensity method, from the file's header: lifecycle (2019-2020 files) or "
        "operational (from 2021)",
    )

    class Config:
        strict = True
        unique = ["year", "cloud_region"]


def parse_region_carbon_yearly(path: Path) -> pl.DataFrame:
    year = _year_of(path)
    intensity = _intensity_column(path)
    frame = read_csv(path, SOURCE, [REGION, LOCATION, CFE, intensity])
    # 2021.csv ends with a blank line, which polars reads as a row of nulls: not a data row.
    blank = pl.all_horizontal(pl.exclude(ROW_COL).is_null())
    return frame.filter(~blank).select(
        ROW_COL,
        pl.lit(year).alias("year"),
        pl.col(REGION).alias("cloud_region"),
        pl.col(LOCATION).alias("location"),
        pl.col(CFE).alias("google_cfe_frac"),
        pl.col(intensity).alias("grid_carbon_intensity_gco2e_per_kwh"),
        pl.lit(INTENSITY_METHODS[intensity]).alias("method"),
    )


def _year_of(path: Path) -> int:
    if not re.fullmatch(r"\d{4}", path.stem):
        raise IngestError(SOURCE, "file name is not <year>.csv", file=path.name)
    return int(path.stem)


def _intensity_column(path: Path) -> str:
    """The header's intensity column, which must be one of the two Google has used."""
    with path.open("rb") as fh:  # bad bytes further down are read_csv's to report, by line
        first_line = fh.readline().decode("utf-8-sig", errors="replace")
    header = next(csv.reader([first_line]), [])
    found = [c for c in header if c in INTENSITY_METHODS]
    if len(found) != 1:
        unknown = [c for c in header if c not in (REGION, LOCATION, CFE)]
        raise IngestError(
            SOURCE,
            f"header changed: expected one intensity column named one of "
            f"{list(INTENSITY_METHODS)}; found {unknown}",
            file=path.name,
            column=unknown[0] if unknown else None,
        )
    return found[0]
