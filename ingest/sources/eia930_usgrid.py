"""EIA-930 hourly net generation by energy source for the Lower 48, as packaged in the R
package USgrid: the object `US_source` in an .rda file (R's binary format, read with
pyreadr), with columns date_time (POSIXct, UTC), series (MWh in the hour) and source (fuel).
EIA-930 stamps each hour at its end (UTC): 05:00 holds 04:00-05:00."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import pandera.polars as pa
import polars as pl
import pyreadr
from pandera.polars import PolarsData

from ingest.errors import IngestError
from ingest.readers import check_columns

SOURCE = "eia930_usgrid"
OBJECT = "US_source"
COLUMNS = ["date_time", "series", "source"]
FUELS = ["coal", "hydro", "natural gas", "nuclear", "other", "petroleum", "solar", "wind"]
# 54 night hours report solar below zero (down to -6 MWh): solar plants' own consumption
# netted against zero output. Allowed down to -100 MWh for solar only.
SOLAR_FLOOR_MWH = -100
FIRST_HOUR = datetime(2015, 7, 1, tzinfo=UTC)  # EIA-930 starts in July 2015


def parse_us48_generation_hourly(path: Path) -> pl.DataFrame:
    objects = pyreadr.read_r(path, output_format="polars", timezone="UTC")
    if OBJECT not in objects:
        raise IngestError(
            SOURCE, f"R object {OBJECT!r} not found; objects: {list(objects)}", file=path.name
        )
    # pyreadr returns explicit R row names as a "rownames" column: labels, not data
    frame = objects[OBJECT].drop("rownames", strict=False)
    check_columns(frame.columns, COLUMNS, SOURCE, path.name)
    if not isinstance(frame.schema["date_time"], pl.Datetime):
        raise IngestError(
            SOURCE,
            f"date_time is {frame.schema['date_time']}, not an R date-time (POSIXct)",
            file=path.name,
            column="date_time",
        )
    return frame.select(
        pl.col("date_time").dt.convert_time_zone("UTC").alias("datetime_utc"),
        pl.col("source").alias("fuel"),
        pl.col("series").cast(pl.Float64).alias("net_generation_mwh"),
    )


class Us48GenerationHourly(pa.DataFrameModel):
    datetime_utc: Annotated[pl.Datetime, "us", "UTC"] = pa.Field(
        ge=FIRST_HOUR,
        description="End of the hour, UTC (EIA-930 stamps hours at their end: 05:00 is "
        "04:00-05:00)",
    )
    fuel: str = pa.Field(isin=FUELS, description="Energy source, as USgrid names it")
    net_generation_mwh: float = pa.Field(
        ge=SOLAR_FLOOR_MWH,
        le=1_000_000,  # Lower-48 demand peaks near 750 GW; one fuel's hour stays below
        description="Net generation of the Lower 48 from this fuel in the hour, MWh",
    )

    class Config:
        strict = True
        unique = ["datetime_utc", "fuel"]

    @pa.dataframe_check(error="negative net generation: only solar may be (slightly) negative")
    def negative_only_solar(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("net_generation_mwh") >= 0) | (pl.col("fuel") == "solar")
        )

    @pa.dataframe_check(error=f"an hour without all {len(FUELS)} fuels")
    def every_hour_has_every_fuel(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.len().over("datetime_utc") == len(FUELS))
