"""EPA eGRID2022: CO2 total output emission rate by eGRID subregion and for the US, lb/MWh,
as in EPA's summary data (a three-column CSV whose header has a space after each comma).
A measurement (plants' reported and monitored emissions over their generation), so it
outranks a rate derived from generation times generic factors."""

from pathlib import Path

import pandera.polars as pa
import polars as pl

from ingest.land import ROW_COL
from ingest.readers import read_csv

SOURCE = "egrid"
# EPA's header has a space after each comma: the names are checked as written
RATE_COLUMN = " CO2 total output emission rate (lb/MWh) by eGRID subregion 2022"
COLUMNS = ["Region", RATE_COLUMN, " Year"]
US = "US"
# eGRID's 27 subregions (https://www.epa.gov/egrid/maps), acronym -> name
SUBREGIONS = {
    "AKGD": "ASCC Alaska Grid",
    "AKMS": "ASCC Miscellaneous",
    "AZNM": "WECC Southwest",
    "CAMX": "WECC California",
    "ERCT": "ERCOT All",
    "FRCC": "FRCC All",
    "HIMS": "HICC Miscellaneous",
    "HIOA": "HICC Oahu",
    "MROE": "MRO East",
    "MROW": "MRO West",
    "NEWE": "NPCC New England",
    "NWPP": "WECC Northwest",
    "NYCW": "NPCC NYC/Westchester",
    "NYLI": "NPCC Long Island",
    "NYUP": "NPCC Upstate NY",
    "PRMS": "Puerto Rico Miscellaneous",
    "RFCE": "RFC East",
    "RFCM": "RFC Michigan",
    "RFCW": "RFC West",
    "RMPA": "WECC Rockies",
    "SPNO": "SPP North",
    "SPSO": "SPP South",
    "SRMV": "SERC Mississippi Valley",
    "SRMW": "SERC Midwest",
    "SRSO": "SERC South",
    "SRTV": "SERC Tennessee Valley",
    "SRVC": "SERC Virginia/Carolina",
}


def parse_subregion_co2_rates(path: Path) -> pl.DataFrame:
    raw = read_csv(path, SOURCE, COLUMNS)
    return raw.select(
        ROW_COL,
        pl.col("Region").str.strip_chars().alias("region"),
        pl.col(" Year").str.strip_chars().alias("year"),
        pl.col(RATE_COLUMN).str.strip_chars().alias("co2_lb_per_mwh"),
    )


class SubregionCo2Rates(pa.DataFrameModel):
    region: str = pa.Field(
        isin=[US, *SUBREGIONS],
        description="eGRID subregion acronym (SRVC: SERC Virginia/Carolina, which holds "
        "Northern Virginia), or US for the country",
    )
    year: int = pa.Field(ge=1996, le=2100, description="Data year of the eGRID edition")
    co2_lb_per_mwh: float = pa.Field(
        gt=0,
        le=3_000,  # a coal plant emits about 2,200 lb/MWh; no grid is dirtier than its coal
        description="CO2 total output emission rate: the subregion's plants' CO2 over their "
        "net generation, pounds per MWh (CO2 only, not CO2e; generation-based)",
    )

    class Config:
        strict = True
        unique = ["region", "year"]
