"""Figures this project types by hand from published reports (ingest/curated/*.csv): estimates
of data-centre, AI and crypto electricity, company disclosures, per-query estimates and
figures on the build-out (investment, capacity, counts).

The CSVs are ours, so they already hold the warehouse's units: percentages are fractions,
MtCO2e are tCO2e, billions of USD are USD. `value_published` and `unit_published` keep what
the publisher printed, `curation_notes` says what we changed. The checks below guard the
typing: one unit per metric, a plausible range per unit (a percentage left as 45 instead of
0.45 fails), low <= value <= high, known geography codes, https citations.
"""

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

import ingest.checks  # noqa: F401 (registers the `known` check)
from ingest.geography import geography_codes
from ingest.readers import csv_parser

SOURCE = "curated"
CONFIDENCE = ["high", "medium", "low"]
# The publisher's own word, split off the number ("slightly below 100" -> 100).
QUALIFIERS = [
    "about",
    "around",
    "roughly",
    "almost",
    "slightly below",
    "just over",
    "more than",
    "up to",
    "as much as",
    "at most",
]
# Plausible range of a value in each unit, inclusive. Fractions are shares in [0, 1]; growth
# rates above 100 %/yr are implausible for these series, so 17 (a percentage) fails as 0.17
# would not. Emissions of the companies covered run from 0.1 to 100 MtCO2e, so a value below
# 1,000 tCO2e is one left in MtCO2e; investments below USD 1 million are ones left in billions.
UNIT_RANGES = {
    "TWh": (0.0, 10_000.0),
    "GWh": (0.0, 1_000_000.0),
    "GW": (0.0, 5_000.0),
    "frac": (0.0, 1.0),
    "frac/yr": (-1.0, 1.0),
    "ratio": (0.0, 20.0),
    "tCO2e": (1_000.0, 1e9),
    "USD": (1e6, 1e13),
    "count": (1.0, 1e9),
    "Wh/query": (0.0, 100.0),
    "gCO2e/query": (0.0, 50.0),
}
VALUE_COLUMNS = ["value", "value_low", "value_high"]

# metric -> its unit, per table; the metric's meaning is in ingest/curated/README.md.
DC_METRICS = {
    "dc_electricity": "TWh",
    "dc_and_crypto_electricity": "TWh",
    "crypto_electricity": "TWh",
    "ai_electricity": "TWh",
    "dc_capacity": "GW",
    "ai_power_demand": "GW",
    "dc_electricity_growth_rate": "frac/yr",
    "ai_dc_electricity_growth_multiple": "ratio",
    "ai_share_of_dc_electricity": "frac",
    "dc_share_of_electricity_demand": "frac",
    "ai_dc_share_of_electricity_demand": "frac",
    "dc_load_share_top_15_states": "frac",
    "dc_electricity_share_computing": "frac",
    "dc_electricity_share_cooling": "frac",
    "dc_electricity_share_other_it": "frac",
}
COMPANY_METRICS = {
    "electricity": "TWh",
    "dc_electricity": "TWh",
    "renewable_electricity": "TWh",
    "ai_electricity": "TWh",
    "ai_share_of_electricity": "frac",
    "dc_energy_savings": "GWh",
    "pue": "ratio",
    "hourly_cfe_share": "frac",
    "renewable_matched_share": "frac",
    "renewable_capacity_supported": "GW",
    "renewable_capacity_contracted": "GW",
    "ghg_emissions_total": "tCO2e",
    "scope2_emissions_location_based": "tCO2e",
    "scope2_emissions_market_based": "tCO2e",
    "corporate_emissions_neutralised": "tCO2e",
}
PER_QUERY_METRICS = {"energy_per_query": "Wh/query", "carbon_per_query": "gCO2e/query"}
BUILDOUT_METRICS = {
    "dc_investment": "USD",
    "dc_investment_planned": "USD",
    "dc_count": "count",
    "nvidia_ai_server_shipments": "count",
    "buildings_under_construction": "count",
    "power_capacity_added": "GW",
    "power_capacity_added_recommended": "GW",
    "dc_capacity_planned": "GW",
}
METRIC_UNITS = {
    "DcElectricityEstimates": DC_METRICS,
    "CompanyFigures": COMPANY_METRICS,
    "PerQueryEstimates": PER_QUERY_METRICS,
    "BuildoutFigures": BUILDOUT_METRICS,
}
COMPANIES = ["Amazon", "Apple", "Google", "Meta", "Microsoft"]
SERVICES = ["ChatGPT", "Gemini Apps", "Google Search"]
HYPOTHETICAL = "hypothetical"  # the period of a figure that belongs to no year


def _unit_ranges_text() -> str:
    return ", ".join(f"{u} [{lo:g}, {hi:g}]" for u, (lo, hi) in UNIT_RANGES.items())


class _Figure(pa.DataFrameModel):
    """Columns shared by every curated table: the figure, its unit, and its citation."""

    class Config:  # inherited by every curated table
        strict = True
        unique = ["figure_id"]

    figure_id: str = pa.Field(
        str_matches=r"^[A-Z][A-Z0-9]*-[A-Za-z0-9-]+$",
        description="Id of the figure in the project's list of published figures "
        "(published_figures.csv); a row split into parts adds a suffix (E24-11-cooling)",
    )
    metric: str = pa.Field(description="What the figure measures (each table lists its metrics)")
    attributed_to: str = pa.Field(
        description="Who made the estimate or claim (may differ from the publisher of the "
        "document cited, e.g. an IEA estimate quoted by the European Commission)"
    )
    value: float = pa.Field(
        nullable=True, description="The figure, in `unit`; empty when only a range is published"
    )
    value_low: float = pa.Field(
        nullable=True, description="Low end of the published range or low scenario, in `unit`"
    )
    value_high: float = pa.Field(
        nullable=True, description="High end of the published range or high scenario, in `unit`"
    )
    qualifier: str = pa.Field(
        nullable=True,
        isin=QUALIFIERS,
        description="The publisher's qualifier of the value ('more than', 'about'...)",
    )
    unit: str = pa.Field(
        isin=list(UNIT_RANGES),
        description="Unit of value, value_low and value_high: TWh, GWh, GW, frac (share 0-1), "
        "frac/yr (growth per year), ratio, tCO2e, USD, count, Wh/query, gCO2e/query",
    )
    year: int = pa.Field(
        ge=2000,
        le=2050,
        description="Year the figure refers to; for a span, its last year; for an open-ended "
        "span ('2026 onward'), its first; a fiscal year counts as the year it ends",
    )
    period: str = pa.Field(description="The period as published ('FY2021', '2014-2016', '2023/24')")
    geography_code: str = pa.Field(
        known={"values": geography_codes(), "what": "geography code (dim_geography)"},
        description="ISO 3166 code, aggregate or region (WORLD for companies' global figures)",
    )
    scenario: str = pa.Field(
        nullable=True, description="Scenario or basis as published ('Base Case', 'reported')"
    )
    value_published: str = pa.Field(
        nullable=True, description="The value as published, before splitting and converting"
    )
    unit_published: str = pa.Field(description="The unit as published (%, MtCO2e, Wh/search...)")
    publisher: str = pa.Field(description="Publisher of the document cited")
    title: str = pa.Field(description="Title of the document cited")
    published: str = pa.Field(
        nullable=True,
        str_matches=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="Publication date of the document: YYYY, YYYY-MM or YYYY-MM-DD; empty "
        "when undated",
    )
    url: str = pa.Field(str_matches=r"^https://\S+$", description="The document cited (https)")
    locator: str = pa.Field(nullable=True, description="Page, table or section in the document")
    confidence: str = pa.Field(
        isin=CONFIDENCE,
        description="Our confidence that the figure is quoted right: high, medium or low",
    )
    # Where the figure was read. Kept as found, http included: some copies (a news archive on
    # a bare IP address, a forum quoting a paper) serve no https, and rewriting the address
    # would misstate where the figure was read.
    evidence_url: str = pa.Field(
        str_matches=r"^https?://\S+$",
        description="Where the figure was read (the document or a copy of it)",
    )
    notes: str = pa.Field(nullable=True, description="Notes from the list of published figures")
    curation_notes: str = pa.Field(
        nullable=True,
        description="What we did: unit conversions, qualifiers and ranges split off, the year "
        "chosen, corroboration",
    )

    @pa.dataframe_check(error="value: neither a value nor both value_low and value_high")
    def value_or_range(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("value").is_not_null()
            | (pl.col("value_low").is_not_null() & pl.col("value_high").is_not_null())
        )

    @pa.dataframe_check(error="value_low <= value <= value_high does not hold")
    def bounds_in_order(cls, data: PolarsData) -> pl.LazyFrame:
        low, value, high = pl.col("value_low"), pl.col("value"), pl.col("value_high")
        in_order = (
            (low.is_null() | value.is_null() | (low <= value))
            & (value.is_null() | high.is_null() | (value <= high))
            & (low.is_null() | high.is_null() | (low <= high))
        )
        return data.lazyframe.select(in_order.fill_null(False))

    @pa.dataframe_check(error="value: outside the range of its unit: " + _unit_ranges_text())
    def value_in_unit_range(cls, data: PolarsData) -> pl.LazyFrame:
        lo = pl.col("unit").replace_strict(
            {u: r[0] for u, r in UNIT_RANGES.items()}, default=None, return_dtype=pl.Float64
        )
        hi = pl.col("unit").replace_strict(
            {u: r[1] for u, r in UNIT_RANGES.items()}, default=None, return_dtype=pl.Float64
        )
        ok = pl.all_horizontal(
            pl.col(c).is_null() | pl.col(c).is_between(lo, hi) for c in VALUE_COLUMNS
        )
        return data.lazyframe.select(ok.fill_null(False))

    @pa.dataframe_check(error="unit: not the unit of its metric (see METRIC_UNITS)")
    def unit_of_metric(cls, data: PolarsData) -> pl.LazyFrame:
        expected = pl.col("metric").replace_strict(
            METRIC_UNITS[cls.__name__], default=None, return_dtype=pl.String
        )
        return data.lazyframe.select((pl.col("unit") == expected).fill_null(False))


class _Projected(_Figure):
    is_projection: bool = pa.Field(
        description="True for projections, forecasts, plans and claims about a later year"
    )

    @pa.dataframe_check(error="is_projection: false but the year is after publication")
    def history_is_not_future(cls, data: PolarsData) -> pl.LazyFrame:
        published_year = pl.col("published").str.slice(0, 4).cast(pl.Int64, strict=False)
        ok = pl.col("is_projection") | published_year.is_null() | (pl.col("year") <= published_year)
        return data.lazyframe.select(ok.fill_null(False))


class DcElectricityEstimates(_Projected):
    metric: str = pa.Field(
        isin=list(DC_METRICS),
        description="What is estimated: dc_electricity (data centres excluding crypto "
        "mining, TWh), dc_and_crypto_electricity, crypto_electricity, ai_electricity, capacity "
        "(GW), growth rates and shares; see ingest/curated/README.md",
    )


class CompanyFigures(_Figure):
    metric: str = pa.Field(
        isin=list(COMPANY_METRICS),
        description="What the company reports: electricity (TWh), PUE, carbon-free or "
        "renewable shares, renewable capacity (GW), emissions (tCO2e)",
    )
    company: str = pa.Field(isin=COMPANIES, description="The company the figure is about")
    geography_code: str = pa.Field(
        isin=["WORLD"], description="WORLD: companies report global figures"
    )
    year: int = pa.Field(
        nullable=True,
        ge=2000,
        le=2050,
        description="Year the figure refers to (a fiscal year counts as the year it ends); "
        "empty only for a hypothetical figure (period 'hypothetical')",
    )

    @pa.dataframe_check(error="year: empty but the period is not 'hypothetical', or the reverse")
    def year_missing_only_if_hypothetical(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("year").is_null() == (pl.col("period") == HYPOTHETICAL))

    @pa.dataframe_check(error="value: a PUE below 1 or above 3")
    def pue_is_plausible(cls, data: PolarsData) -> pl.LazyFrame:
        # PUE = facility energy / IT energy, so at least 1; fleets report 1.08 to about 2.
        ok = (pl.col("metric") != "pue") | pl.col("value").is_between(1.0, 3.0)
        return data.lazyframe.select(ok.fill_null(False))


class PerQueryEstimates(_Figure):
    metric: str = pa.Field(
        isin=list(PER_QUERY_METRICS),
        description="energy_per_query (Wh) or carbon_per_query (gCO2e); a search, request or "
        "prompt counts as one query",
    )
    service: str = pa.Field(isin=SERVICES, description="The service queried")


class BuildoutFigures(_Projected):
    metric: str = pa.Field(
        isin=list(BUILDOUT_METRICS),
        description="What is counted: investment (USD), data centres or buildings (count), "
        "AI servers shipped in the year (count), power or data-centre capacity (GW)",
    )
    site: str = pa.Field(nullable=True, description="The site, for a single campus (Abilene)")


parse_dc_electricity_estimates = csv_parser(SOURCE, DcElectricityEstimates)
parse_company_figures = csv_parser(SOURCE, CompanyFigures)
parse_per_query_estimates = csv_parser(SOURCE, PerQueryEstimates)
parse_buildout_figures = csv_parser(SOURCE, BuildoutFigures)
