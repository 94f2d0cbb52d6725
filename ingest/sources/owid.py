"""Our World in Data's electricity mix (BP & Ember, 2022 vintage) and OWID's energy codebook.

The mix is published wide (49 columns, one per variable, the unit in each header); it lands
long: one row per geography, year and variable, with the unit taken from the header and the
kind of quantity (absolute, share, per capita, intensity). OWID names geographies instead of
coding them: every name must be an ISO country name, an `owid` alias in
seeds/geography_aliases.csv, or one of the OWID aggregates listed below."""

from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

import ingest.checks  # noqa: F401 (registers the `known` check)
from ingest.geography import place_names
from ingest.land import ROW_COL
from ingest.readers import read_csv

SOURCE = "owid"
VARIABLES = [
    "Electricity from bioenergy (TWh)",
    "Electricity from coal (TWh)",
    "Electricity demand (TWh)",
    "Electricity generation (TWh)",
    "Emissions (MtCO2)",
    "Electricity from fossil fuels (TWh)",
    "Electricity from gas (TWh)",
    "Electricity from hydro (TWh)",
    "Low-carbon electricity (TWh)",
    "Net imports (TWh)",
    "Electricity from nuclear (TWh)",
    "Electricity from oil (TWh)",
    "Electricity from other renewables excluding bioenergy (TWh)",
    "Electricity from other renewables including bioenergy (TWh)",
    "Electricity from renewables (TWh)",
    "Electricity from solar (TWh)",
    "Electricity from wind (TWh)",
    "Carbon intensity of electricity (gCO2/kWh)",
    "Per capita electricity (kWh)",
    "Coal electricity per capita (kWh)",
    "Oil electricity per capita (kWh)",
    "Gas electricity per capita (kWh)",
    "Fossil fuel electricity per capita (kWh)",
    "Renewable electricity per capita (kWh)",
    "Low-carbon electricity per capita (kWh)",
    "Nuclear electricity per capita (kWh)",
    "Solar electricity per capita (kWh)",
    "Wind electricity per capita (kWh)",
    "Hydro electricity per capita (kWh)",
    "Bioenergy electricity per capita (kWh)",
    "Other renewable electricity excluding bioenergy per capita (kWh)",
    "Other renewable electricity including bioenergy per capita (kWh)",
    "Electricity as share of primary energy",
    "Net electricity imports as a share of demand",
    "Coal (% electricity)",
    "Oil (% electricity)",
    "Gas (% electricity)",
    "Fossil fuels (% electricity)",
    "Renewables (% electricity)",
    "Low-carbon electricity (% electricity)",
    "Nuclear (% electricity)",
    "Solar (% electricity)",
    "Wind (% electricity)",
    "Hydro (% electricity)",
    "Bioenergy (% electricity)",
    "Other renewables excluding bioenergy (% electricity)",
    "Other renewables including bioenergy (% electricity)",
]
UNITS = ["TWh", "MtCO2", "gCO2/kWh", "kWh", "%"]
KINDS = ["absolute", "share", "per_capita", "intensity"]
# Plausible range of a value by unit, and where one variable needs its own.
UNIT_BOUNDS = {
    "TWh": (0, 100_000),
    "MtCO2": (0, 50_000),
    "gCO2/kWh": (0, 2_000),
    "kWh": (0, 100_000),  # per person; Iceland's generation is about 59,000
    "%": (0, 100),
}
VARIABLE_BOUNDS = {
    "Net imports (TWh)": (-5_000, 5_000),  # net exporters are negative (min -77 TWh)
    # A big exporter's net imports are many times its demand (min -844 % in this file).
    "Net electricity imports as a share of demand": (-5_000, 100),
}
# Regions OWID publishes that the warehouse has no code for: BP's regions, World Bank income
# groups and the USSR (World, EU-27, G7, G20, OECD and the continents are owid aliases).
OWID_AGGREGATES = [
    "Asia Pacific",
    "CIS",
    "Eastern Africa",
    "Middle Africa",
    "Western Africa",
    "Middle East",
    "Latin America and Caribbean",
    "Non-OECD",
    "High-income countries",
    "Upper-middle-income countries",
    "Lower-middle-income countries",
    "Low-income countries",
    "USSR",
]


def _bound(which: int) -> pl.Expr:
    by_unit = {u: b[which] for u, b in UNIT_BOUNDS.items()}
    by_variable = {v: b[which] for v, b in VARIABLE_BOUNDS.items()}
    return pl.col("variable").replace_strict(
        by_variable,
        default=pl.col("unit").replace_strict(by_unit, default=None, return_dtype=pl.Float64),
        return_dtype=pl.Float64,
    )


class ElectricityMixYearly(pa.DataFrameModel):
    country: str = pa.Field(
        known={
            "values": place_names(SOURCE) | set(OWID_AGGREGATES),
            "what": "OWID geography (ISO country name, owid alias or owid.OWID_AGGREGATES)",
        },
        description="OWID's name of the country or region (map through the owid aliases)",
    )
    year: int = pa.Field(ge=1900, le=2100, description="Calendar year")
    variable: str = pa.Field(
        isin=VARIABLES, description="The published column header, verbatim (unit included)"
    )
    value: float = pa.Field(description="The value, in `unit`")
    unit: str = pa.Field(
        isin=UNITS,
        description="Unit from the header: TWh, MtCO2, gCO2/kWh, kWh (per person) or % "
        "(shares; the two headers without a unit are shares in %, per OWID's codebook)",
    )
    kind: str = pa.Field(
        isin=KINDS,
        description="absolute (TWh, MtCO2), share (% of generation, demand or primary "
        "energy), per_capita (kWh per person) or intensity (gCO2/kWh)",
    )

    @pa.dataframe_check(
        error="value outside its plausible range: "
        + ", ".join(f"{u} {lo:,}..{hi:,}" for u, (lo, hi) in UNIT_BOUNDS.items())
        + "; net imports may be negative"
    )
    def value_in_range(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("value").is_between(_bound(0), _bound(1)).fill_null(False)
        )

    class Config:
        strict = True
        unique = ["country", "year", "variable"]


def _unit(variable: pl.Expr) -> pl.Expr:
    """'(TWh)' -> TWh, '(% electricity)' -> %, '... as a share of ...' -> %."""
    in_brackets = variable.str.extract(r"\(([^)]*)\)$", 1)
    return (
        pl.when(in_brackets.str.starts_with("%"))
        .then(pl.lit("%"))
        .when(in_brackets.is_not_null())
        .then(in_brackets)
        .when(variable.str.contains(r"\bshare\b"))
        .then(pl.lit("%"))
    )


def _kind(variable: pl.Expr, unit: pl.Expr) -> pl.Expr:
    return (
        pl.when(unit == "%")
        .then(pl.lit("share"))
        .when(variable.str.contains("(?i)per capita"))
        .then(pl.lit("per_capita"))
        .when(unit == "gCO2/kWh")
        .then(pl.lit("intensity"))
        .otherwise(pl.lit("absolute"))
    )


def parse_electricity_mix_yearly(path: Path) -> pl.DataFrame:
    wide = read_csv(path, SOURCE, ["Country", "Year", *VARIABLES])
    long = (
        wide.unpivot(
            index=[ROW_COL, "Country", "Year"], variable_name="variable", value_name="value"
        )
        .filter(pl.col("value").is_not_null())  # an empty cell is no observation
        .sort(ROW_COL, maintain_order=True)
        .with_columns(_unit(pl.col("variable")).alias("unit"))
    )
    return long.select(
        ROW_COL,
        pl.col("Country").alias("country"),
        pl.col("Year").alias("year"),
        "variable",
        "value",
        "unit",
        _kind(pl.col("variable"), pl.col("unit")).alias("kind"),
    )


# --- owid-energy-codebook.csv -------------------------------------------------------------

CODEBOOK_UNITS = [
    "terawatt-hours",
    "kilowatt-hours",
    "kilowatt-hours per person",
    "kilowatt-hours per $",
    "%",
    "people",
    "international-$ in 2011 prices",
    "million tonnes CO₂ equivalents",
    "grams of CO₂ equivalents per kilowatt-hour",
]


class Codebook(pa.DataFrameModel):
    column_name: str = pa.Field(
        str_matches=r"^[a-z0-9_]+$", description="Column of owid-energy-data.csv"
    )
    description: str = pa.Field(description="OWID's description of the column")
    unit: str = pa.Field(
        nullable=True,
        isin=CODEBOOK_UNITS,
        description="Unit as OWID writes it (terawatt-hours, %, ...); empty for country, "
        "year and iso_code",
    )
    source: str = pa.Field(description="OWID's sources for the column, with URLs")

    class Config:
        strict = True
        unique = ["column_name"]


def parse_codebook(path: Path) -> pl.DataFrame:
    frame = read_csv(path, SOURCE, ["column", "description", "unit", "source"])
    return frame.rename({"column": "column_name"})
