"""Electricity Maps' hourly files (data portal, 2023): one CSV per zone, `<zone>_2023_hourly.csv`,
one row per hour-beginning UTC hour with the direct and life-cycle intensity of the
electricity consumed, the low-carbon and renewable shares, the data source and whether
Electricity Maps estimated the hour.

The zone comes from the file name and must equal the file's `Zone Id`; a file holding another
zone's hours, or a year other than its name's, is refused."""

import re
from pathlib import Path
from typing import Annotated

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from ingest.errors import IngestError
from ingest.land import ROW_COL
from ingest.readers import read_csv
from ingest.sources.electricitymaps import ZONE_KEY

SOURCE = "electricitymaps_hourly"
FILE_NAME = re.compile(r"^(?P<zone>[A-Z]{2}(-[A-Za-z0-9]+)*)_(?P<year>\d{4})_hourly\.csv$")
HOUR_FORMAT = "%Y-%m-%d %H:%M:%S"
COLUMNS = {
    "Datetime (UTC)": "datetime_utc",
    "Country": "country_name",
    "Zone Name": "zone_name",
    "Zone Id": "zone_key",
    "Carbon Intensity gCO₂eq/kWh (direct)": "carbon_intensity_direct_gco2e_per_kwh",
    "Carbon Intensity gCO₂eq/kWh (LCA)": "carbon_intensity_lifecycle_gco2e_per_kwh",
    "Low Carbon Percentage": "low_carbon_pct",
    "Renewable Percentage": "renewable_pct",
    "Data Source": "data_source",
    "Data Estimated": "is_estimated",
    "Data Estimation Method": "estimation_method",
}
# Direct intensity can come close to zero in an hour of wind, hydro and nuclear (France's
# 2023 minimum is 3.5 g); life-cycle intensity never does (wind, the lowest IPCC median, is
# 11 g). 1,500 g/kWh is above any grid's hour (coal alone is 820 life-cycle): a unit slip.
MAX_INTENSITY = 1500.0
MIN_LIFECYCLE = 5.0


def parse_zone_hourly(path: Path) -> pl.DataFrame:
    zone, year = _zone_and_year(path)
    frame = read_csv(path, SOURCE, list(COLUMNS))
    parsed = frame.select(
        ROW_COL, *[pl.col(name).alias(new) for name, new in COLUMNS.items()]
    ).with_columns(_hours(frame, path).alias("datetime_utc"))
    _check_file_matches_name(parsed, path, zone, year)
    return parsed


def _zone_and_year(path: Path) -> tuple[str, int]:
    match = FILE_NAME.match(path.name)
    if not match:
        raise IngestError(SOURCE, "file name is not <zone>_<YEAR>_hourly.csv", file=path.name)
    return match["zone"], int(match["year"])


def _hours(frame: pl.DataFrame, path: Path) -> pl.Series:
    """The stamp in its one known form: a stamp in another form (a time zone, a 'T') fails the
    file, naming the rows, rather than being guessed."""
    text = frame["Datetime (UTC)"]
    hours = text.str.to_datetime(HOUR_FORMAT, strict=False, time_zone="UTC")
    bad = frame.filter(hours.is_null())
    if bad.height:
        raise IngestError(
            SOURCE,
            f"Datetime (UTC) not in the form {HOUR_FORMAT}: "
            f"{bad['Datetime (UTC)'].head(5).to_list()}",
            file=path.name,
            column="Datetime (UTC)",
            rows=bad[ROW_COL].to_list(),
        )
    return hours


def _check_file_matches_name(frame: pl.DataFrame, path: Path, zone: str, year: int) -> None:
    for column, expected, found in [
        ("Zone Id", zone, pl.col("zone_key")),
        ("Datetime (UTC)", year, pl.col("datetime_utc").dt.year()),
    ]:
        wrong = frame.filter(found != expected)
        if wrong.height:
            raise IngestError(
                SOURCE,
                f"the file holds rows that are not its name's {column.lower()} {expected!r} "
                f"({wrong.height} rows)",
                file=path.name,
                column=column,
                rows=wrong[ROW_COL].to_list(),
            )


class ZoneHourly(pa.DataFrameModel):
    zone_key: str = pa.Field(
        str_matches=ZONE_KEY,
        description="Electricity Maps zone key (FR, DE, US-MIDA-PJM, US-CAL-CISO, IN-WE), the "
        "same as the file name's",
    )
    datetime_utc: Annotated[pl.Datetime, "us", "UTC"] = pa.Field(
        description="Start of the hour, UTC (hour-beginning: 2023-01-01 00:00 is the first "
        "hour of 2023)"
    )
    country_name: str = pa.Field(description="Country of the zone, as published")
    zone_name: str = pa.Field(description="Electricity Maps' name of the zone")
    carbon_intensity_direct_gco2e_per_kwh: float = pa.Field(
        ge=0,
        le=MAX_INTENSITY,
        description="Direct (combustion) carbon intensity of the electricity consumed in the "
        "hour, gCO2e per kWh, consumption-based (imports traced to where they were made)",
    )
    carbon_intensity_lifecycle_gco2e_per_kwh: float = pa.Field(
        ge=MIN_LIFECYCLE,
        le=MAX_INTENSITY,
        description="Life-cycle (LCA) carbon intensity of the electricity consumed in the hour, "
        "gCO2e per kWh, consumption-based",
    )
    low_carbon_pct: float = pa.Field(
        ge=0, le=100, description="Low-carbon (renewable and nuclear) share of consumption, %"
    )
    renewable_pct: float = pa.Field(ge=0, le=100, description="Renewable share of consumption, %")
    data_source: str = pa.Field(
        description="Where Electricity Maps took the hour's data (the operator's feed, or "
        "'Electricity Maps Estimation')"
    )
    is_estimated: bool = pa.Field(description="The hour is Electricity Maps' estimate")
    estimation_method: str = pa.Field(
        nullable=True,
        description="How an estimated hour was estimated (ESTIMATED_TIME_SLICER_AVERAGE, "
        "ESTIMATED_MODE_BREAKDOWN); empty for a reported hour",
    )

    class Config:
        strict = True
        unique = ["zone_key", "datetime_utc"]

    @pa.check("datetime_utc", name="on the hour")
    def on_the_hour(cls, data: PolarsData) -> pl.LazyFrame:
        stamp = pl.col(data.key)
        return data.lazyframe.select(
            (stamp.dt.minute() == 0) & (stamp.dt.second() == 0) & (stamp.dt.microsecond() == 0)
        )

    @pa.dataframe_check(error="direct intensity above life-cycle (life-cycle includes direct)")
    def direct_within_lifecycle(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("carbon_intensity_direct_gco2e_per_kwh")
            <= pl.col("carbon_intensity_lifecycle_gco2e_per_kwh")
        )

    @pa.dataframe_check(error="renewable_pct exceeds low_carbon_pct (renewables are low-carbon)")
    def renewable_within_low_carbon(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("renewable_pct") <= pl.col("low_carbon_pct"))

    @pa.dataframe_check(
        error="an estimated hour without its method, or a method on a reported hour"
    )
    def method_only_when_estimated(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("is_estimated") == pl.col("estimation_method").is_not_null()
        )
