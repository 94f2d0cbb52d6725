"""EIA Monthly Energy Review (MER) Table 11.6: carbon dioxide emissions of the electric power
sector by fuel, in EIA's long CSV (one row per series MSN and period YYYYMM; a YYYYMM ending
in 13 is the year's total and lands with period_type 'annual'). Million metric tons of CO2
(Mt). A measurement (EIA's inventory of the fuel burnt and its carbon), which the intensities
derived from generation times generic emission factors are reconciled against."""

from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from ingest.sources.eia_mer import MSN_BY_TABLE, MerLongTable, months_match_year, parse_long

SOURCE = "eia_mer_co2"
UNIT = "Million Metric Tons of Carbon Dioxide"
MSN = {
    "CLEIEUS": "Coal Electric Power Sector CO2 Emissions",
    "NNEIEUS": "Natural Gas Electric Power Sector CO2 Emissions",
    "DKEIEUS": "Distillate Fuel, Including Kerosene-Type Jet Fuel, Oil Electric Power Sector "
    "CO2 Emissions",
    "PCEIEUS": "Petroleum Coke Electric Power Sector CO2 Emissions",
    "RFEIEUS": "Residual Fuel Oil Electric Power Sector CO2 Emissions",
    "PAEIEUS": "Petroleum Electric Power Sector CO2 Emissions",
    "GEEIEUS": "Geothermal Energy Electric Power Sector CO2 Emissions",
    "NWEIEUS": "Non-Biomass Waste Electric Power Sector CO2 Emissions",
    "TXEIEUS": "Total Energy Electric Power Sector CO2 Emissions",
}
TOTAL = "TXEIEUS"
PARTS = ["CLEIEUS", "NNEIEUS", "PAEIEUS", "GEEIEUS", "NWEIEUS"]  # add up to the total
PETROLEUM, PETROLEUM_PARTS = "PAEIEUS", ["DKEIEUS", "PCEIEUS", "RFEIEUS"]
# In the 2023 file the twelve months sum to the annual row within 0.17 Mt (rounding of
# monthly values to 0.001 Mt and EIA's annual revisions), the parts to their total within
# 0.002 Mt.
MONTHS_VS_YEAR_MT = 0.5
PARTS_VS_TOTAL_MT = 0.01


def parse_power_sector_co2(path: Path) -> pl.DataFrame:
    return parse_long(path, SOURCE, "co2_mt")


def _parts_match(data: PolarsData, total: str, parts: list[str]) -> pl.LazyFrame:
    """Per row: do the period's `parts` add up to its `total`? (null parts count as 0)"""
    keys = ["year", "month"]
    value = pl.col("co2_mt")
    whole = value.filter(pl.col("msn") == total).first().over(keys)
    summed = value.filter(pl.col("msn").is_in(parts)).sum().over(keys)
    ok = whole.is_null() | ((whole - summed).abs() <= PARTS_VS_TOTAL_MT)
    return data.lazyframe.select(ok.fill_null(True))


MSN_BY_TABLE["PowerSectorCo2"] = MSN


class PowerSectorCo2(MerLongTable):
    msn: str = pa.Field(
        isin=list(MSN),
        description="EIA's series code (MSN): CLEIEUS coal, NNEIEUS natural gas, DKEIEUS "
        "distillate, PCEIEUS petroleum coke, RFEIEUS residual fuel oil, PAEIEUS petroleum "
        "(the three before), GEEIEUS geothermal, NWEIEUS non-biomass waste, TXEIEUS total",
    )
    description: str = pa.Field(description="EIA's description of the series")
    period_type: str = pa.Field(
        isin=["annual", "monthly"],
        description="annual: the year's total (EIA's YYYYMM ending in 13); monthly: one month",
    )
    year: int = pa.Field(ge=1973, le=2100, description="Calendar year")
    month: int = pa.Field(
        ge=1, le=12, nullable=True, description="Month 1-12; empty on annual rows"
    )
    co2_mt: float = pa.Field(
        ge=0,
        le=3_000,  # the US power sector's peak was 2,416 Mt (2007)
        nullable=True,  # EIA's "Not Available": geothermal and waste before 1989
        description="CO2 emitted by the US electric power sector in the period, million metric "
        "tons (Mt); empty where EIA writes 'Not Available'",
    )
    unit: str = pa.Field(isin=[UNIT], description="Unit as EIA publishes it (Mt CO2)")

    class Config:
        strict = True
        unique = ["msn", "year", "month"]

    @pa.dataframe_check(error="the twelve months do not sum to the annual row")
    def months_sum_to_year(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(months_match_year(["msn"], MONTHS_VS_YEAR_MT, "co2_mt"))

    @pa.dataframe_check(
        error="the fuels do not add up to the total (coal, gas, petroleum, geothermal, waste)"
    )
    def fuels_add_up_to_total(cls, data: PolarsData) -> pl.LazyFrame:
        return _parts_match(data, TOTAL, PARTS)

    @pa.dataframe_check(
        error="distillate, petroleum coke and residual fuel oil do not add up to petroleum"
    )
    def petroleum_adds_up(cls, data: PolarsData) -> pl.LazyFrame:
        return _parts_match(data, PETROLEUM, PETROLEUM_PARTS)
