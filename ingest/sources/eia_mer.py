"""EIA Monthly Energy Review (MER) Table 7.2a: US electricity net generation by source, all
sectors, in EIA's long CSV (one row per series MSN and period YYYYMM). A YYYYMM ending in 13
is the year's total; it lands with period_type 'annual' and no month. Values stay in EIA's
unit, million kilowatthours (= GWh). Column_Order (the column's place in EIA's printed table)
is checked in the header but not landed: the MSN names the series."""

from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from ingest.land import ROW_COL
from ingest.readers import read_csv

SOURCE = "eia_mer"
COLUMNS = ["MSN", "YYYYMM", "Value", "Column_Order", "Description", "Unit"]
NOT_AVAILABLE = "Not Available"  # EIA's documented null token (830 cells in the 2024 file)
MSN = {
    "CLETPUS": "Electricity Net Generation From Coal, All Sectors",
    "PAETPUS": "Electricity Net Generation From Petroleum, All Sectors",
    "NGETPUS": "Electricity Net Generation From Natural Gas, All Sectors",
    "OJETPUS": "Electricity Net Generation From Other Gases, All Sectors",
    "NUETPUS": "Electricity Net Generation From Nuclear Electric Power, All Sectors",
    "HPETPUS": "Electricity Net Generation From Hydroelectric Pumped Storage, All Sectors",
    "HVETPUS": "Electricity Net Generation From Conventional Hydroelectric Power, All Sectors",
    "WDETPUS": "Electricity Net Generation From Wood, All Sectors",
    "WSETPUS": "Electricity Net Generation From Waste, All Sectors",
    "GEETPUS": "Electricity Net Generation From Geothermal, All Sectors",
    "SOETPUS": "Electricity Net Generation From Solar, All Sectors",
    "WYETPUS": "Electricity Net Generation From Wind, All Sectors",
    "ELETPUS": "Electricity Net Generation Total (including from sources not shown), All Sectors",
}
PUMPED_STORAGE = "HPETPUS"  # net of pumping: negative every year since 1990 (to -8,823 GWh)
# Solar and wind were slightly negative in a few months of 1984-1988 (to -0.085 GWh: plants'
# own use exceeding their output), so they may go down to -1 GWh; every other source >= 0.
SMALL_NEGATIVE = {"SOETPUS": -1.0, "WYETPUS": -1.0}
# The twelve months sum to the annual row within 0.005 GWh in the 2024 file (rounding).
MONTHS_VS_YEAR_GWH = 1.0


def parse_net_generation(path: Path) -> pl.DataFrame:
    return parse_long(path, SOURCE, "net_generation_gwh")


def parse_long(path: Path, source: str, value_column: str) -> pl.DataFrame:
    """A Monthly Energy Review table in EIA's long CSV (MSN, YYYYMM, Value...), its values in
    `value_column`: the tables of the MER share the format (eia_mer_co2 reads Table 11.6)."""
    raw = read_csv(path, source, COLUMNS, null_values=[NOT_AVAILABLE])
    yyyymm = pl.col("YYYYMM").str.strip_chars()
    well_formed = yyyymm.str.contains(r"^\d{6}$")
    annual = yyyymm.str.ends_with("13")
    return raw.select(
        ROW_COL,
        pl.col("MSN").alias("msn"),
        pl.col("Description").alias("description"),
        pl.when(annual).then(pl.lit("annual")).otherwise(pl.lit("monthly")).alias("period_type"),
        # a malformed YYYYMM is kept whole, so the cast to an integer fails and names it
        pl.when(well_formed).then(yyyymm.str.slice(0, 4)).otherwise(yyyymm).alias("year"),
        pl.when(well_formed & annual)
        .then(None)
        .when(well_formed)
        .then(yyyymm.str.slice(4))
        .otherwise(yyyymm)
        .alias("month"),
        pl.col("Value").alias(value_column),
        pl.col("Unit").alias("unit"),
    )


# Each MER table's series codes (MSN) and their descriptions, by the schema's class name.
MSN_BY_TABLE = {"NetGeneration": MSN}


class MerLongTable(pa.DataFrameModel):
    """The checks every MER table in EIA's long format shares (its fields are its own)."""

    @pa.dataframe_check(error="description does not match the MSN's known description")
    def description_matches_msn(cls, data: PolarsData) -> pl.LazyFrame:
        name = cls.__name__  # type: ignore[attr-defined]  # pandera passes the class
        known = pl.col("msn").replace_strict(MSN_BY_TABLE[name], default=None)
        return data.lazyframe.select((pl.col("description") == known).fill_null(False))

    @pa.dataframe_check(error="month must be empty on annual rows and given on monthly rows")
    def month_matches_period_type(cls, data: PolarsData) -> pl.LazyFrame:
        monthly = pl.col("period_type") == "monthly"
        return data.lazyframe.select(monthly == pl.col("month").is_not_null())


class NetGeneration(MerLongTable):
    msn: str = pa.Field(
        isin=list(MSN),
        description="EIA's series code (MSN): CLETPUS coal, PAETPUS petroleum, NGETPUS natural "
        "gas, OJETPUS other gases, NUETPUS nuclear, HPETPUS pumped storage, HVETPUS "
        "conventional hydro, WDETPUS wood, WSETPUS waste, GEETPUS geothermal, SOETPUS solar "
        "(utility-scale), WYETPUS wind, ELETPUS total including sources not shown",
    )
    description: str = pa.Field(description="EIA's description of the series")
    period_type: str = pa.Field(
        isin=["annual", "monthly"],
        description="annual: the year's total (EIA's YYYYMM ending in 13); monthly: one month",
    )
    year: int = pa.Field(ge=1949, le=2100, description="Calendar year")
    month: int = pa.Field(
        ge=1, le=12, nullable=True, description="Month 1-12; empty on annual rows"
    )
    net_generation_gwh: float = pa.Field(
        ge=-20_000,
        le=5_000_000,
        nullable=True,  # EIA's "Not Available": early years of solar, wind, other gases...
        description="Net generation in the period, GWh (EIA: million kilowatthours); "
        "empty where EIA writes 'Not Available'",
    )
    unit: str = pa.Field(
        isin=["Million Kilowatthours"],
        description="Unit as EIA publishes it (million kilowatthours = GWh)",
    )

    class Config:
        strict = True
        unique = ["msn", "year", "month"]

    @pa.dataframe_check(
        error="negative net generation: only pumped storage (and solar and wind down to "
        "-1 GWh) may be negative"
    )
    def negative_only_where_known(cls, data: PolarsData) -> pl.LazyFrame:
        floor = pl.col("msn").replace_strict(SMALL_NEGATIVE, default=0.0, return_dtype=pl.Float64)
        value = pl.col("net_generation_gwh")
        ok = (pl.col("msn") == PUMPED_STORAGE) | (value >= floor)
        return data.lazyframe.select(ok.fill_null(True))

    @pa.dataframe_check(error="the twelve months do not sum to the annual row")
    def months_sum_to_year(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(months_match_year(["msn"], MONTHS_VS_YEAR_GWH))


def months_match_year(
    series: list[str], tolerance: float, value_column: str = "net_generation_gwh"
) -> pl.Expr:
    """Per row: does its series-year's twelve monthly values sum to the annual value (within
    `tolerance`, in the column's unit)? Years without twelve monthly values or without an
    annual value pass (nothing to compare)."""
    keys = [*series, "year"]
    value, monthly = pl.col(value_column), pl.col("period_type") == "monthly"
    months = value.filter(monthly)
    year_total = value.filter(~monthly).first().over(keys)
    gap = (months.sum().over(keys) - year_total).abs()
    return ((months.count().over(keys) < 12) | year_total.is_null() | (gap <= tolerance)).fill_null(
        True
    )
