"""Ember's electricity data (the tables behind Ember's data API): country and US-state demand,
generation and emissions intensity. Columns keep Ember's names, which already carry units."""

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from ingest.checks import grid_intensity
from ingest.geography import aliases, country_codes, subdivisions
from ingest.readers import csv_parser

SOURCE = "ember"
CONTINENTS = ["Africa", "Asia", "Europe", "North America", "Oceania", "South America"]
EMBER_REGIONS = [
    "Africa",
    "Asia",
    "Europe",
    "Latin America and Caribbean",
    "Middle East",
    "North America",
    "Oceania",
]
FUELS = [
    "Bioenergy",
    "Coal",
    "Gas",
    "Hydro",
    "Nuclear",
    "Other Fossil",
    "Other Renewables",
    "Solar",
    "Wind",
]
FUEL_AGGREGATES = ["Clean", "Fossil", "Renewables", "Wind and solar"]


class _CountryOverview(pa.DataFrameModel):
    """Columns shared by Ember's yearly and monthly country overview."""

    country_or_region: str = pa.Field(description="Ember's name of the country or aggregate")
    country_code: str = pa.Field(
        nullable=True,
        known={"values": country_codes(), "what": "ISO 3166-1 alpha-3 code"},
        description="ISO 3166-1 alpha-3; empty for aggregates",
    )
    demand_twh: float = pa.Field(ge=0, le=50_000, description="Electricity demand, TWh")
    emissions_intensity_gco2_per_kwh: float = grid_intensity(
        "Power-sector emissions intensity, gCO2e per kWh generated (Ember's "
        "lifecycle, production-based method)",
        nullable=True,
    )
    continent: str = pa.Field(nullable=True, isin=CONTINENTS, description="Continent")
    ember_region: str = pa.Field(
        nullable=True, isin=EMBER_REGIONS, description="Ember's region grouping of the country"
    )
    eu_flag: bool = pa.Field(nullable=True, description="Member of the EU-27")
    g20_flag: bool = pa.Field(nullable=True, description="Member of the G20")
    g7_flag: bool = pa.Field(nullable=True, description="Member of the G7")
    oecd_flag: bool = pa.Field(nullable=True, description="Member of the OECD")
    world_demand_rank: int = pa.Field(nullable=True, ge=1, description="Rank by demand, world")
    region_demand_rank: int = pa.Field(
        nullable=True, ge=1, description="Rank by demand within the Ember region"
    )
    oecd_demand_rank: int = pa.Field(
        nullable=True, ge=1, description="Rank by demand within the OECD"
    )
    eu_demand_rank: int = pa.Field(nullable=True, ge=1, description="Rank by demand within the EU")
    latest_year: int = pa.Field(
        ge=2000, le=2100, description="Latest year with data for this country"
    )
    coal_deadline: int = pa.Field(
        ge=2000, le=2100, nullable=True, description="Year by which Ember's pathway phases out coal"
    )
    clean_deadline: int = pa.Field(
        ge=2000,
        le=2100,
        nullable=True,
        description="Year by which Ember's pathway reaches clean power",
    )

    @pa.dataframe_check(
        error="unknown aggregate: country_code is empty and country_or_region "
        "is not in seeds/geography_aliases.csv for ember"
    )
    def aggregate_is_known(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("country_code").is_not_null()
            | pl.col("country_or_region").is_in(list(aliases(SOURCE)))
        )


class CountryYearly(_CountryOverview):
    year: int = pa.Field(ge=1985, le=2100, description="Calendar year")
    demand_mwh_per_capita: float = pa.Field(
        ge=0, le=100, nullable=True, description="Demand per person, MWh"
    )

    class Config:
        strict = True
        unique = ["country_or_region", "year"]


class CountryMonthly(_CountryOverview):
    date: pl.Date = pa.Field(description="First day of the month")
    demand_twh: float = pa.Field(ge=0, le=5_000, description="Electricity demand in the month, TWh")

    class Config:
        strict = True
        unique = ["country_or_region", "date"]


def _state_check(data: PolarsData) -> pl.LazyFrame:
    known = [*subdivisions("US").values(), *aliases(SOURCE)]
    return data.lazyframe.select(pl.col("state").is_in(known))


class _UsState(pa.DataFrameModel):
    country: str = pa.Field(isin=["United States"], description="Always United States")
    state: str = pa.Field(
        description="US state, Washington, D.C., Puerto Rico or 'US Total' "
        "(exclude it before summing states)"
    )

    @pa.dataframe_check(
        error="unknown state: not an ISO 3166-2 US subdivision name nor an ember alias"
    )
    def state_is_known(cls, data: PolarsData) -> pl.LazyFrame:
        return _state_check(data)


class UsStateGenerationYearly(_UsState):
    year: int = pa.Field(ge=1990, le=2100, description="Calendar year")
    variable: str = pa.Field(
        isin=FUELS + FUEL_AGGREGATES,
        description="Fuel, or an aggregate of fuels (Clean, Fossil, ...)",
    )
    # Net generation: pumped-storage hydro and plants' own use make it negative at times.
    generation_gwh: float = pa.Field(ge=-5_000, le=5_000_000, description="Net generation, GWh")
    share_of_generation_pct: float = pa.Field(
        ge=-5, le=101, nullable=True, description="Share of the state's generation, %"
    )
    emissions_ktco2: float = pa.Field(
        ge=-1_000, le=3_000_000, description="Power-sector emissions, ktCO2e"
    )
    share_of_emissions_pct: float = pa.Field(
        ge=-5, le=101, nullable=True, description="Share of the state's emissions, %"
    )

    class Config:
        strict = True
        unique = ["state", "year", "variable"]


class _UsStateOverview(_UsState):
    # Washington, D.C. reports small negative demand in some months of 2002-2007 (Ember
    # derives state demand from net generation and trade): allowed down to -10 GWh.
    demand_gwh: float = pa.Field(ge=-10, le=5_000_000, description="Electricity demand, GWh")
    emissions_ktco2: float = pa.Field(
        ge=-10, le=3_000_000, description="Power-sector emissions, ktCO2e"
    )
    emissions_intensity_gco2_per_kwh: float = grid_intensity(
        "Emissions intensity, gCO2e per kWh (Ember's US-state method; not "
        "comparable with the country overview's US value)",
        nullable=True,
    )


class UsStateYearly(_UsStateOverview):
    year: int = pa.Field(ge=1990, le=2100, description="Calendar year")

    class Config:
        strict = True
        unique = ["state", "year"]


class UsStateMonthly(_UsStateOverview):
    date: pl.Date = pa.Field(description="First day of the month")

    class Config:
        strict = True
        unique = ["state", "date"]


parse_country_yearly = csv_parser(SOURCE, CountryYearly)
parse_country_monthly = csv_parser(SOURCE, CountryMonthly)
parse_us_state_generation_yearly = csv_parser(SOURCE, UsStateGenerationYearly)
parse_us_state_yearly = csv_parser(SOURCE, UsStateYearly)
parse_us_state_monthly = csv_parser(SOURCE, UsStateMonthly)
