"""Central Statistics Office, Ireland, table MEC02: metered electricity consumption of data
centres and of all other customers, by quarter. The only national series of data-centre
electricity that is measured (metered) rather than estimated.

The file is PxStat's CSV layout: one row per quarter and category, a code and a label column
for each dimension, the unit in a column of its own.
"""

from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from ingest.land import ROW_COL
from ingest.readers import read_csv

SOURCE = "cso"
COLUMNS = {
    "STATISTIC": "statistic",
    "Statistic Label": None,  # "Gigawatt hours": the same as UNIT
    "TLIST(Q1)": "quarter",
    "Quarter": None,  # the quarter's label, the same text as its code
    "C03907V04659": "category_code",
    "Electricity Consumption": "category",
    "UNIT": "unit",
    "VALUE": "consumption_gwh",
}
CATEGORIES = {
    "-": "All metered electricity consumption",
    "10": "Data centres",
    "20": "Customers other than data centres",
}
# Each value is rounded to a whole GWh on its own, so data centres + other customers may
# differ from all metered consumption by 1 GWh (13 of the 40 quarters to 2024Q4 do).
ROUNDING_GWH = 1


def parse_mec02(path: Path) -> pl.DataFrame:
    frame = read_csv(path, SOURCE, list(COLUMNS))
    quarter = pl.col("TLIST(Q1)").str.strip_chars()
    return frame.select(
        ROW_COL,
        quarter.alias("quarter"),
        quarter.str.slice(0, 4).alias("year"),
        quarter.str.extract(r"^\d{4}Q([1-4])$").alias("quarter_of_year"),
        *[pl.col(name).alias(new) for name, new in COLUMNS.items() if new and new != "quarter"],
    )


class Mec02(pa.DataFrameModel):
    quarter: str = pa.Field(
        str_matches=r"^\d{4}Q[1-4]$",
        description="Calendar quarter as the CSO codes it, e.g. 2024Q4",
    )
    year: int = pa.Field(ge=2015, le=2100, description="Calendar year of the quarter")
    quarter_of_year: int = pa.Field(ge=1, le=4, description="Quarter of the year, 1-4")
    statistic: str = pa.Field(isin=["MEC02"], description="CSO table code")
    category_code: str = pa.Field(
        isin=list(CATEGORIES),
        description="CSO code of the category: '-' all metered consumption, '10' data "
        "centres, '20' customers other than data centres",
    )
    category: str = pa.Field(
        isin=list(CATEGORIES.values()), description="CSO label of the category"
    )
    unit: str = pa.Field(isin=["GWh"], description="Unit of consumption_gwh as the CSO states it")
    consumption_gwh: float = pa.Field(
        gt=0,
        le=20_000,  # all of Ireland's metered consumption is about 8,000 GWh a quarter
        description="Metered electricity consumption in the quarter, GWh (whole GWh as "
        "published). Metered consumption leaves out a small unmetered part of national demand",
    )

    class Config:
        strict = True
        unique = ["quarter", "category_code"]

    @pa.dataframe_check(error="category label does not match its code")
    def label_matches_code(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("category") == pl.col("category_code").replace_strict(CATEGORIES, default=None)
        )

    @pa.dataframe_check(error="quarter does not have all three categories")
    def quarter_is_complete(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("category_code").n_unique().over("quarter") == 3)

    @pa.dataframe_check(
        error=f"data centres + other customers differ from all metered consumption by more "
        f"than {ROUNDING_GWH} GWh (rounding)"
    )
    def parts_add_up(cls, data: PolarsData) -> pl.LazyFrame:
        value, code = pl.col("consumption_gwh"), pl.col("category_code")
        parts = value.filter(code != "-").sum().over("quarter")
        total = value.filter(code == "-").sum().over("quarter")
        return data.lazyframe.select((parts - total).abs() <= ROUNDING_GWH)
