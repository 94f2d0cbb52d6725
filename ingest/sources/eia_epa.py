"""EIA Electric Power Annual 2024, Table 3.1.A: US net generation by energy source, in a wide
sheet with one column per energy source (header cells broken over several lines) and blocks of
rows: "Annual Totals" (one row per year), then "Year 2022", "Year 2023", ... (January to
December). The parser checks the header and the block structure strictly (a moved header or
block label fails the file, naming the sheet row) and lands it long: one row per period and
energy source. Values are thousand MWh (= GWh) per EIA's table title; this copy of the
workbook lost the title and unit lines, so the unit is not stated inside the file."""

from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from ingest.errors import IngestError
from ingest.land import ROW_COL
from ingest.readers import check_columns, read_xlsx_sheet

SOURCE = "eia_epa"
SHEET = "epa_03_01_a"
PERIOD = "Period"
# Energy sources as published, line breaks in the header cells collapsed to single spaces.
COMPONENTS = [
    "Coal",
    "Petroleum Liquids",
    "Petroleum Coke",
    "Natural Gas",
    "Other Fossil Gas",
    "Nuclear",
    "Hydroelectric Conventional",
    "Solar",
    "Renewable Sources Excluding Hydroelectric and Solar",
    "Hydroelectric Pumped Storage",
    "Other",
]
TOTAL = "Total Generation at Utility Scale Facilities"
ESTIMATES = [  # include EIA's estimate of small-scale PV; not part of TOTAL
    "Estimated Solar Photovoltaic",
    "Estimated Total Solar Photovoltaic",
    "Estimated Total Solar",
]
ENERGY_SOURCES = [*COMPONENTS, TOTAL, *ESTIMATES]
PUMPED_STORAGE = "Hydroelectric Pumped Storage"  # net of pumping: negative (-6,686 to -5,091)
ANNUAL_BLOCK = "Annual Totals"
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
# Whole GWh, each rounded: the 2024 edition's sums agree within 2 GWh (months to year, and
# the eleven components to the total). Twelve roundings stay well within these bounds.
MONTHS_VS_YEAR_GWH = 12.0
COMPONENTS_VS_TOTAL_GWH = 10.0


def parse_net_generation(path: Path) -> pl.DataFrame:
    sheet = read_xlsx_sheet(path, SOURCE, SHEET, header_row=None, dtypes="string")
    header = [" ".join((cell or "").split()) for cell in sheet.row(0)]
    check_columns(header, [PERIOD, *ENERGY_SOURCES], SOURCE, path.name)
    body = (
        sheet.slice(1)
        .rename(dict(zip(sheet.columns, header, strict=True)))
        .with_row_index(ROW_COL, offset=2)  # the sheet's own row numbers (header = row 1)
        .filter(~pl.all_horizontal(pl.exclude(ROW_COL).is_null()))  # formatted empty rows
        .with_columns(pl.col(PERIOD).str.strip_chars())
    )
    blocks = _label_blocks(body, path.name)
    # One sheet row becomes one row per energy source; __row stays the sheet row, so a bad
    # cell quarantines the whole period (all its sources), never half of it.
    return blocks.unpivot(
        on=ENERGY_SOURCES,
        index=[ROW_COL, "period_type", "year", "month"],
        variable_name="energy_source",
        value_name="net_generation_gwh",
    )


def _label_blocks(body: pl.DataFrame, file: str) -> pl.DataFrame:
    """Give each data row its block's period type and year, or fail naming the first rows
    where the layout is not 'Annual Totals' (years) then 'Year YYYY' blocks (January...)."""
    period = pl.col(PERIOD)
    label = period.str.extract(r"^(Annual Totals|Year \d{4})$", 1)
    framed = body.with_columns(
        label.alias("_label"),
        label.forward_fill().alias("_block"),
        period.replace_strict(MONTHS, default=None, return_dtype=pl.Int64).alias("_month"),
    ).with_columns(
        pl.col("_label").is_not_null().alias("_is_label"),
        (pl.col("_block") == ANNUAL_BLOCK).alias("_annual"),
    )
    data_rows = ~pl.col("_is_label")
    position = pl.int_range(1, pl.len() + 1).over(pl.col("_block"), order_by=ROW_COL)
    labels = framed.filter(pl.col("_is_label"))
    problem = (
        pl.when(pl.col("_block").is_null())
        .then(pl.format("{} before the first block label '{}'", period, pl.lit(ANNUAL_BLOCK)))
        .when(pl.col("_is_label") & pl.any_horizontal(pl.col(ENERGY_SOURCES).is_not_null()))
        .then(pl.format("block label '{}' has values beside it", period))
        .when(pl.col("_is_label") & pl.col("_label").is_duplicated())
        .then(pl.format("block label '{}' appears twice", period))
        .when(pl.col("_annual") & data_rows & ~period.str.contains(r"^\d{4}$"))
        .then(pl.format("'{}' is not a year, in block '{}'", period, pl.col("_block")))
        .when(~pl.col("_annual") & data_rows & (pl.col("_month") != position - 1))
        .then(
            pl.format(
                "'{}' is out of place in block '{}' (January to December)", period, pl.col("_block")
            )
        )
    )
    problems = framed.select(ROW_COL, problem.alias("problem")).drop_nulls("problem")
    if labels.height == 0 or labels["_label"][0] != ANNUAL_BLOCK:
        first = labels["_label"][0] if labels.height else "none"
        raise IngestError(
            SOURCE,
            f"sheet {SHEET!r}: the first block label must be '{ANNUAL_BLOCK}' (found: {first})",
            file=file,
            column=PERIOD,
            rows=labels[ROW_COL].head(1).to_list(),
        )
    if problems.height:
        raise IngestError(
            SOURCE,
            f"sheet {SHEET!r}: layout changed: {problems['problem'][0]} "
            f"({problems.height} rows affected)",
            file=file,
            column=PERIOD,
            rows=problems[ROW_COL].to_list(),
        )
    annual = pl.col("_annual")
    return framed.filter(data_rows).select(
        ROW_COL,
        pl.when(annual).then(pl.lit("annual")).otherwise(pl.lit("monthly")).alias("period_type"),
        pl.when(annual).then(period).otherwise(pl.col("_block").str.slice(5)).alias("year"),
        pl.when(~annual).then(pl.col("_month")).alias("month"),
        *ENERGY_SOURCES,
    )


class NetGeneration(pa.DataFrameModel):
    period_type: str = pa.Field(
        isin=["annual", "monthly"],
        description="annual: the 'Annual Totals' block; monthly: a 'Year YYYY' block",
    )
    year: int = pa.Field(ge=2000, le=2100, description="Calendar year")
    month: int = pa.Field(
        ge=1, le=12, nullable=True, description="Month 1-12; empty on annual rows"
    )
    energy_source: str = pa.Field(
        isin=ENERGY_SOURCES,
        description="Energy source as EIA's column header names it (line breaks removed). "
        "The 11 sources from Coal to Other sum to 'Total Generation at Utility Scale "
        "Facilities'; the three 'Estimated ... Solar' series add EIA's small-scale PV estimate",
    )
    net_generation_gwh: float = pa.Field(
        ge=-20_000,
        le=5_000_000,
        description="Net generation in the period, GWh (EIA: thousand megawatthours, per the "
        "table's title; the unit line is not in this copy of the workbook)",
    )

    class Config:
        strict = True
        unique = ["energy_source", "year", "month"]

    @pa.dataframe_check(error="month must be empty on annual rows and given on monthly rows")
    def month_matches_period_type(cls, data: PolarsData) -> pl.LazyFrame:
        monthly = pl.col("period_type") == "monthly"
        return data.lazyframe.select(monthly == pl.col("month").is_not_null())

    @pa.dataframe_check(error="negative net generation: only pumped storage may be negative")
    def negative_only_pumped_storage(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("net_generation_gwh") >= 0) | (pl.col("energy_source") == PUMPED_STORAGE)
        )

    @pa.dataframe_check(error="the twelve months do not sum to the annual total")
    def months_sum_to_year(cls, data: PolarsData) -> pl.LazyFrame:
        keys = ["energy_source", "year"]
        value, monthly = pl.col("net_generation_gwh"), pl.col("period_type") == "monthly"
        months = value.filter(monthly)
        year_total = value.filter(~monthly).first().over(keys)
        gap = (months.sum().over(keys) - year_total).abs()
        comparable = (months.count().over(keys) == 12) & year_total.is_not_null()
        return data.lazyframe.select((~comparable | (gap <= MONTHS_VS_YEAR_GWH)).fill_null(True))

    @pa.dataframe_check(error=f"the eleven sources do not sum to '{TOTAL}'")
    def components_sum_to_total(cls, data: PolarsData) -> pl.LazyFrame:
        keys = ["period_type", "year", "month"]
        value, source = pl.col("net_generation_gwh"), pl.col("energy_source")
        total = value.filter(source == TOTAL).first().over(keys)
        parts = value.filter(source.is_in(COMPONENTS)).sum().over(keys)
        return data.lazyframe.select(
            ((parts - total).abs() <= COMPONENTS_VS_TOTAL_GWH).fill_null(False)
        )
