"""Figures this project types by hand from published reports (ingest/curated/*.csv): estimates
of data-centre, AI and crypto electricity, company disclosures, per-query estimates and
figures on the build-out (investment, capacity, counts), and the operators' own reports
figure by figure and edition by edition (company_report_figures.csv).

The CSVs are ours, so they already hold the warehouse's units: percentages are fractions,
MtCO2e are tCO2e, billions of USD are USD. `value_published` and `unit_published` keep what
the publisher printed, `curation_notes` says what we changed. The checks below guard the
typing: one unit per metric, a plausible range per unit (a percentage left as 45 instead of
0.45 fails), low <= value <= high, known geography codes, https citations.
"""

from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

import ingest.checks  # noqa: F401 (registers the `known` check)
from ingest.geography import geography_codes
from ingest.readers import csv_parser, read_csv

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
    "TWh": (0.0, 100_000.0),  # world electricity demand: about 31,000 TWh (2024)
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
    "frac_change": (-1.0, 10.0),  # a change against a base year: -100 % to +1,000 %
    "gCO2/kWh": (0.0, 2_000.0),
    "MtCO2": (0.0, 50_000.0),
}
VALUE_COLUMNS = ["value", "value_low", "value_high"]

# metric -> its unit, per table; the metric's meaning is in ingest/curated/README.md.
DC_METRICS = {
    "dc_electricity": "TWh",
    "dc_and_crypto_electricity": "TWh",
    "crypto_electricity": "TWh",
    "ai_electricity": "TWh",
    "dc_capacity": "GW",
    "dc_power_demand": "GW",
    "ai_power_demand": "GW",
    "dc_electricity_growth_rate": "frac/yr",
    "electricity_demand_growth_rate": "frac/yr",
    "electricity_demand": "TWh",
    "ai_dc_electricity_growth_multiple": "ratio",
    "ai_share_of_dc_electricity": "frac",
    "dc_share_of_electricity_demand": "frac",
    "ai_dc_share_of_electricity_demand": "frac",
    "dc_load_share_top_15_states": "frac",
    "dc_electricity_share_computing": "frac",
    "dc_electricity_share_cooling": "frac",
    "dc_electricity_share_other_it": "frac",
}
# What a data-centre figure covers (its boundary): a country's figures come in several scopes
# that overlap and must never be added (ingest/curated/README.md).
DC_SCOPES = {
    "data_centres": "data centres located in the geography, crypto mining excluded",
    "data_centres_and_server_rooms": "the same with the server rooms of other buildings",
    "digital_use_incl_abroad": "data centres serving the country's digital use, abroad included",
    "operators_surveyed": "the operators a regulator surveyed or that reported: a part only",
    "data_centres_and_crypto": "data centres and crypto mining (IEA Electricity 2024)",
    "crypto_mining": "crypto mining alone",
    "ai": "AI servers or AI workloads alone",
}
FACILITY_SCOPES = ["data_centres", "data_centres_and_server_rooms", "operators_surveyed"]
# metric -> the scopes its rows may carry; an empty list: not a data-centre quantity (the
# scope stays empty: demand and its growth, the denominators of a share).
METRIC_SCOPES = {
    "dc_electricity": [*FACILITY_SCOPES, "digital_use_incl_abroad"],
    "dc_and_crypto_electricity": ["data_centres_and_crypto"],
    "crypto_electricity": ["crypto_mining"],
    "ai_electricity": ["ai"],
    "dc_capacity": FACILITY_SCOPES,
    "dc_power_demand": FACILITY_SCOPES,
    "ai_power_demand": ["ai"],
    "dc_electricity_growth_rate": FACILITY_SCOPES,
    "electricity_demand_growth_rate": [],
    "electricity_demand": [],
    "ai_dc_electricity_growth_multiple": ["ai"],
    "ai_share_of_dc_electricity": ["ai"],
    "dc_share_of_electricity_demand": FACILITY_SCOPES,
    "ai_dc_share_of_electricity_demand": ["ai"],
    "dc_load_share_top_15_states": FACILITY_SCOPES,
    "dc_electricity_share_computing": FACILITY_SCOPES,
    "dc_electricity_share_cooling": FACILITY_SCOPES,
    "dc_electricity_share_other_it": FACILITY_SCOPES,
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
# Headlines a publisher states about its own numbers, which the warehouse recomputes
# (fct_reconciliation__publisher_headlines): shares, totals, rates and changes.
HEADLINE_METRICS = {
    "dc_share_of_electricity_consumption": "frac",
    "dc_share_of_electricity_generation": "frac",
    "grid_carbon_intensity_direct": "gCO2/kWh",
    "power_sector_co2": "MtCO2",
    "renewable_capacity": "GW",
    "renewable_capacity_added": "GW",
    "electricity_demand": "TWh",
    "ghg_emissions_change_vs_baseline": "frac_change",
    "ghg_emissions_ambition_based_change_vs_baseline": "frac_change",
}
METRIC_UNITS = {
    "DcElectricityEstimates": DC_METRICS,
    "HeadlineFigures": HEADLINE_METRICS,
    "CompanyFigures": COMPANY_METRICS,
    "PerQueryEstimates": PER_QUERY_METRICS,
    "BuildoutFigures": BUILDOUT_METRICS,
}
COMPANIES = ["Amazon", "Apple", "Google", "Meta", "Microsoft"]
SERVICES = ["ChatGPT", "Gemini Apps", "Google Search"]
HYPOTHETICAL = "hypothetical"  # the period of a figure that belongs to no year


def _unit_ranges_text(ranges: dict[str, tuple[float, float]] = UNIT_RANGES) -> str:
    return ", ".join(f"{u} [{lo:g}, {hi:g}]" for u, (lo, hi) in ranges.items())


def _in_unit_range(ranges: dict[str, tuple[float, float]]) -> pl.Expr:
    """value, value_low and value_high each empty or within the range of the row's unit."""
    lo = pl.col("unit").replace_strict(
        {u: r[0] for u, r in ranges.items()}, default=None, return_dtype=pl.Float64
    )
    hi = pl.col("unit").replace_strict(
        {u: r[1] for u, r in ranges.items()}, default=None, return_dtype=pl.Float64
    )
    return pl.all_horizontal(
        pl.col(c).is_null() | pl.col(c).is_between(lo, hi) for c in VALUE_COLUMNS
    )


def _bounds_in_order() -> pl.Expr:
    low, value, high = pl.col("value_low"), pl.col("value"), pl.col("value_high")
    return (
        (low.is_null() | value.is_null() | (low <= value))
        & (value.is_null() | high.is_null() | (value <= high))
        & (low.is_null() | high.is_null() | (low <= high))
    )


# The citation's fields, the same in every curated table.
def _publisher_field():
    return pa.Field(description="Publisher of the document cited")


def _published_field():
    return pa.Field(
        nullable=True,
        str_matches=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="Publication date of the document: YYYY, YYYY-MM or YYYY-MM-DD; empty "
        "when undated",
    )


def _url_field():
    return pa.Field(str_matches=r"^https://\S+$", description="The document cited (https)")


def _locator_field():
    return pa.Field(nullable=True, description="Page, table or section in the document")


def _confidence_field():
    return pa.Field(
        isin=CONFIDENCE,
        description="Our confidence that the figure is quoted right: high, medium or low",
    )


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
        "frac/yr (growth per year), ratio, tCO2e, USD, count, Wh/query, gCO2e/query, "
        "frac_change (a change against a base year), gCO2/kWh, MtCO2",
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
    publisher: str = _publisher_field()
    title: str = pa.Field(description="Title of the document cited")
    published: str = _published_field()
    url: str = _url_field()
    locator: str = _locator_field()
    confidence: str = _confidence_field()
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
        return data.lazyframe.select(_bounds_in_order().fill_null(False))

    @pa.dataframe_check(error="value: outside the range of its unit: " + _unit_ranges_text())
    def value_in_unit_range(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_in_unit_range(UNIT_RANGES).fill_null(False))

    @pa.dataframe_check(error="unit: not the unit of its metric (see METRIC_UNITS)")
    def unit_of_metric(cls, data: PolarsData) -> pl.LazyFrame:
        name = cls.__name__  # type: ignore[attr-defined]  # pandera passes the class
        expected = pl.col("metric").replace_strict(
            METRIC_UNITS[name], default=None, return_dtype=pl.String
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
        "and power demand (GW), growth rates and shares, electricity demand (TWh); see "
        "ingest/curated/README.md",
    )
    scope: str = pa.Field(
        nullable=True,
        isin=list(DC_SCOPES),
        description="What the figure covers: "
        + "; ".join(f"{k}: {v}" for k, v in DC_SCOPES.items())
        + ". Empty for electricity demand and its growth. Overlapping scopes: never add them",
    )

    @pa.dataframe_check(error="scope: not a scope of its metric (see METRIC_SCOPES)")
    def scope_of_metric(cls, data: PolarsData) -> pl.LazyFrame:
        allowed = [
            f"{metric}|{scope}" for metric, scopes in METRIC_SCOPES.items() for scope in scopes
        ]
        allowed += [f"{metric}|" for metric, scopes in METRIC_SCOPES.items() if not scopes]
        pair = pl.concat_str(pl.col("metric"), pl.lit("|"), pl.col("scope").fill_null(""))
        return data.lazyframe.select(pair.is_in(allowed))


class HeadlineFigures(_Projected):
    metric: str = pa.Field(
        isin=list(HEADLINE_METRICS),
        description="The headline's quantity: a share of electricity (frac), a direct CO2 "
        "rate (gCO2/kWh), CO2 (MtCO2), capacity (GW), demand (TWh), or a company's change of "
        "emissions since its base year (frac_change: 0.291 = +29.1 %)",
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


# The operators' reports (company_report_figures.csv) keep their published units: the table is
# a copy of the project's reference list (../shared/reference/company_figures.csv, plus the rows
# ingest/curated/README.md names),
# and staging converts. A plausible range per unit, inclusive, catches a slipped unit or
# magnitude (a share typed as 0.65 of 100, MWh typed as TWh, tonnes as million tonnes). Apple
# reports a Scope 2 of 0 tCO2e, so tonnes start at 0.
REPORT_UNIT_RANGES = {
    "tCO2e": (0.0, 1e9),
    "million tCO2e": (0.0, 1_000.0),
    "MWh": (1_000.0, 1e9),
    "%": (0.0, 100.0),
    "ratio": (1.0, 3.0),  # PUE, the only ratio: facility over IT energy
    "megaliters": (1.0, 1e6),
    "million gallons": (1.0, 1e6),
}
REPORT_COMPANIES = {  # id prefix -> company
    "AAPL": "Apple",
    "AMZN": "Amazon",
    "GOOG": "Google",
    "META": "Meta",
    "MSFT": "Microsoft",
    "ORCL": "Oracle",
}
REPORT_COLUMNS = {  # the reference list's header -> warehouse name
    "id": "figure_id",
    "metric": "metric",
    "value": "value",
    "unit": "unit",
    "low": "value_low",
    "high": "value_high",
    "year": "year",
    "geography": "reporting_boundary",
    "scenario": "scenario",
    "source_title": "title",
    "publisher": "publisher",
    "published": "published",
    "url": "url",
    "locator": "locator",
    "confidence": "confidence",
    "evidence_url": "evidence",
    "notes": "notes",
}


class CompanyReportFigures(pa.DataFrameModel):
    """One figure of one report edition: companies restate past years, so the same metric and
    year appears once per edition that printed it (the edition is the `title`)."""

    class Config:
        strict = True
        unique = ["figure_id"]

    figure_id: str = pa.Field(
        str_matches=r"^(" + "|".join(REPORT_COMPANIES) + r")-[A-Z0-9]+-\d{4}-[A-Z0-9]+$",
        description="<company>-<metric>-<year>-<edition>, e.g. GOOG-S1-2019-ER26 (Google's "
        "2019 Scope 1 as the 2026 Environmental Report prints it)",
    )
    metric: str = pa.Field(description="The metric as the report names it, company included")
    value: float = pa.Field(description="The figure as published, in `unit`")
    unit: str = pa.Field(
        isin=list(REPORT_UNIT_RANGES),
        description="Unit as published: tCO2e, million tCO2e, MWh, % (of 100), ratio (PUE), "
        "megaliters, million gallons",
    )
    value_low: float = pa.Field(nullable=True, description="Low end of a range, in `unit`")
    value_high: float = pa.Field(nullable=True, description="High end of a range, in `unit`")
    year: int = pa.Field(
        ge=2010,
        le=2030,
        description="Year the figure refers to; a fiscal year is stored under the year it "
        "ends (Microsoft's FY2025 = July 2024-June 2025), named as such in `notes`",
    )
    reporting_boundary: str = pa.Field(
        description="The company and boundary the figure covers, as listed ('Google "
        "(global)', 'Amazon/AWS (global data centers)')"
    )
    scenario: str = pa.Field(isin=["reported"], description="reported: a disclosed figure")
    title: str = pa.Field(description="The report (edition) the figure is read from")
    publisher: str = _publisher_field()
    published: str = _published_field()
    url: str = _url_field()
    locator: str = _locator_field()
    confidence: str = _confidence_field()
    evidence: str = pa.Field(
        description="Where the figure was read: a URL, or a description of the copy"
    )
    notes: str = pa.Field(
        nullable=True,
        description="Edition, fiscal year, restatements and reading notes, as listed",
    )

    @pa.dataframe_check(error="figure_id: its year is not the row's year")
    def year_in_id(cls, data: PolarsData) -> pl.LazyFrame:
        id_year = pl.col("figure_id").str.split("-").list.get(2).cast(pl.Int64, strict=False)
        return data.lazyframe.select((id_year == pl.col("year")).fill_null(False))

    @pa.dataframe_check(
        error="value: outside the range of its unit: " + _unit_ranges_text(REPORT_UNIT_RANGES)
    )
    def report_value_in_unit_range(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_in_unit_range(REPORT_UNIT_RANGES).fill_null(False))

    @pa.dataframe_check(error="value_low <= value <= value_high does not hold")
    def report_bounds_in_order(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_bounds_in_order().fill_null(False))


def parse_company_report_figures(path: Path) -> pl.DataFrame:
    frame = read_csv(path, SOURCE, list(REPORT_COLUMNS))
    return frame.rename(REPORT_COLUMNS)


parse_dc_electricity_estimates = csv_parser(SOURCE, DcElectricityEstimates)
parse_company_figures = csv_parser(SOURCE, CompanyFigures)
parse_per_query_estimates = csv_parser(SOURCE, PerQueryEstimates)
parse_buildout_figures = csv_parser(SOURCE, BuildoutFigures)
parse_headline_figures = csv_parser(SOURCE, HeadlineFigures)
