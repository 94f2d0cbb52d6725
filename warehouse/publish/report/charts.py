"""The report's charts: for each, the model it reads (a mart an analyst can query too; the
report's own are models/marts/report/rpt_*), the unit of its values, a note, and a Plot saying
which columns go where. No SQL here: what a chart shows is the model's rows."""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Plot:
    """How to draw a model's rows, by column name. `kind` is line, bar, scatter or strip
    (points by category, categories down the y axis); or table: the rows of `columns`."""

    kind: str
    x: str = ""
    y: str | tuple[str, ...] = ""  # several columns: one panel each (their names as titles)
    color: str | None = None
    symbol: str | None = None  # marker shape by this column
    facet: str | None = None  # one small panel per value
    low: str | None = None  # a range drawn as error bars from `low` to `high` (nulls: none)
    high: str | None = None
    history: str | None = None  # the `color` value that is history: other lines join it, dashed
    markers_only: tuple[str, ...] = ()  # `color` values drawn as points, not lines
    hover: tuple[str, ...] = ()
    log_y: bool = False
    percent: bool = False  # y is a 0-1 fraction, shown as a percent
    panel_titles: tuple[tuple[str, str], ...] = ()  # y column -> its panel's title
    columns: tuple[str, ...] = ()  # table only


@dataclass(frozen=True)
class Chart:
    """One chart: the model it reads (every row carries `source_id`, `<x>_source_id` or a
    comma-separated `source_ids`: the page names those sources and their vintage from
    dim_source), the unit of its values, a note on what it shows and how far to trust it,
    `shape`, an optional function from the model's rows to the rows drawn (tables: formatting),
    and `where`, a filter on those rows (a chart drawing one part of a longer mart)."""

    id: str
    title: str
    model: str
    units: str
    note: str
    plot: Plot
    shape: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    where: str = ""  # a filter on the model's rows, shown in the query on the page
    part: str = ""  # the page's heading above the chart, where a new part of the page starts

    @property
    def marts(self) -> tuple[str, ...]:
        return (self.model,)


def _sig(value, digits=3) -> str:
    """A number to `digits` significant digits, as the claims table shows them."""
    return "" if pd.isna(value) else f"{value:.{digits}g}"


def claims_table(df: pd.DataFrame) -> pd.DataFrame:
    """fct_claims__checks as the page's table: who claimed what, the warehouse's figure with
    its range (three significant digits), the ratio, verdict and evidence."""
    df = df.sort_values(["claim_date", "claim_id"], na_position="last")
    rows = zip(df.claimed_value, df.warehouse_value, df.warehouse_low, df.warehouse_high,
               df.claimed_unit, strict=True)  # fmt: skip
    claimed, warehouse = [], []
    for value, figure, low, high, unit in rows:
        claimed.append(f"{_sig(value, 6)} {unit}" if pd.notna(value) else "")
        span = f" ({_sig(low)} to {_sig(high)})" if pd.notna(low) and pd.notna(high) else ""
        warehouse.append(f"{_sig(figure)} {unit}{span}" if pd.notna(figure) else "")
    dates = df.claim_date.astype(str).where(df.claim_date.notna(), "")
    return df.assign(
        claimed_by=(df.claimant + ", " + dates).str.rstrip(", "),
        claimed=claimed,
        warehouse=warehouse,
        ratio=df.ratio.round(2),
    )


def answer_table(df: pd.DataFrame) -> pd.DataFrame:
    """fct_dc__yearly_france_answer as the page's table, in the answer's order: each number
    with its unit (shares in percent) and its range where one is given."""
    df = df.sort_values(["part_order", "geography_code", "year", "measure", "scenario"])
    share = df.unit == "frac"
    scale = share.map({True: 100.0, False: 1.0})
    unit = df.unit.where(~share, "%")
    rows = zip(df.value, df.value_low, df.value_high, scale, unit, strict=True)
    figure = []
    for value, low, high, factor, u in rows:
        span = f" ({_sig(low * factor)} to {_sig(high * factor)})" if pd.notna(low) else ""
        main = _sig(value * factor) if pd.notna(value) else "n/a"
        figure.append(f"{main}{span} {u}")
    return df.assign(figure=figure)


CHARTS = (
    Chart(
        id="dc_electricity_by_region",
        title="Data-centre electricity by region and scenario, with ranges",
        model="rpt_dc__electricity_by_region",
        units="TWh a year (log scale)",
        note=(
            "One panel per place: its primary series, history (solid) joined to each "
            "scenario's projection (dashed), years between published ones interpolated at a "
            "constant growth rate; points with error bars are published ranges from other "
            "publications (the midpoint where a range has no central figure). Data centres "
            "only: crypto mining and AI alone are left out."
        ),
        plot=Plot(
            kind="line",
            x="year",
            y="electricity_twh",
            color="series",
            facet="geography_name",
            low="electricity_low_twh",
            high="electricity_high_twh",
            history="historical",
            markers_only=("published range",),
            hover=("publication", "is_interpolated"),
            log_y=True,
        ),
    ),
    Chart(
        id="ai_share_of_demand",
        title="AI's share of electricity demand in the main countries",
        model="rpt_ai__share_of_demand",
        units="% of electricity demand",
        note=(
            "One panel per place. AI electricity (data-centre electricity times AI's share of "
            "it, a scenario assumption in seeds/ai_scenario_assumptions.csv) over each "
            "place's demand; error bars from the low and high AI electricity; projections "
            "dashed. Demand after the last year held is projected (hover). Places without a "
            "demand series are left out."
        ),
        plot=Plot(
            kind="line",
            x="year",
            y="ai_share_of_demand_frac",
            color="scenario",
            facet="geography_name",
            low="ai_share_of_demand_low_frac",
            high="ai_share_of_demand_high_frac",
            history="historical",
            hover=("is_demand_projected",),
            percent=True,
        ),
    ),
    Chart(
        id="grid_intensity_dc_countries",
        title="Grid carbon intensity in the countries with the most data-centre load",
        model="rpt_grid__intensity_dc_countries",
        units="gCO2e per kWh",
        note=(
            "Each country's primary series (one method per line, see hover); production-"
            "based lifecycle intensity where Ember publishes it."
        ),
        plot=Plot(
            kind="line",
            x="year",
            y="carbon_intensity_gco2e_per_kwh",
            color="geography_name",
            hover=("method",),
        ),
    ),
    Chart(
        id="us_hourly_intensity_profile",
        title="The US grid hour by hour: carbon intensity by season against the yearly average",
        model="rpt_grid__us_hourly_intensity_profile",
        units="gCO2e per kWh (lifecycle)",
        note=(
            "The Lower 48's generation-weighted lifecycle intensity for each hour of the day "
            "(US Central Standard Time), averaged over each season of the latest full year, "
            "and the year's average that a company report multiplies its electricity by: "
            "a load running at night or in spring emits more or less than that average "
            "says. From EIA-930 hourly generation by fuel and IPCC AR5 lifecycle factors."
        ),
        plot=Plot(
            kind="line",
            x="hour_of_day_cst",
            y="carbon_intensity_lifecycle_gco2e_per_kwh",
            color="series",
            hover=("year", "is_full_year"),
        ),
    ),
    Chart(
        id="dc_cluster_demand_growth",
        title="Electricity demand growth where US data centres cluster",
        model="rpt_grid__dc_cluster_demand_growth",
        where="is_full_year and demand_growth_frac is not null",
        units="% change on the year before",
        note=(
            "Yearly demand summed from the balancing authorities' hourly demand (EIA-930, as "
            "screened and imputed by Ruggles & Farnham), full years only: Dominion (Northern "
            "Virginia's data-centre cluster), the Southeast's utilities and Texas against "
            "the Lower 48. Demand growth is all load, not data centres alone."
        ),
        plot=Plot(
            kind="bar",
            x="year",
            y="demand_growth_frac",
            color="geography_name",
            hover=("demand_twh",),
            percent=True,
        ),
    ),
    Chart(
        id="cloud_region_intensity",
        title="Grid carbon intensity where the cloud data centres are",
        model="rpt_cloud__region_intensity",
        units="gCO2e per kWh",
        note=(
            "One point per cloud region: the intensity of the grid it draws from, in the "
            "latest year each provider publishes an average (not marginal) figure for, one "
            "method per row: methods are not comparable."
        ),
        plot=Plot(
            kind="strip",
            x="series",
            y="grid_carbon_intensity_gco2e_per_kwh",
            color="cloud_provider",
            hover=("cloud_region", "geography_code"),
        ),
    ),
    Chart(
        id="capacity_additions",
        title="Net generating capacity added each year, against data-centre load growth",
        model="rpt_capacity__additions_vs_dc_load",
        units="GW a year",
        note=(
            "One panel per country, each on its own scale. IRENA's installed capacity, "
            "year-end change: additions net of retirements. Gross additions as a government "
            "or company published them are not comparable with the net bars. Data-centre "
            "load growth: the year's rise in data centres' average load (electricity over "
            "the hours of the year, historical series), the power a grid must add on "
            "average, before any margin for peaks or for the capacity factor of what it "
            "builds."
        ),
        plot=Plot(kind="bar", x="year", y="capacity_gw", color="series", facet="geography_name"),
    ),
    Chart(
        id="per_query_energy",
        title="Energy per AI query over time",
        model="fct_ai__per_query_energy",
        units="Wh per query (log scale)",
        note=(
            "Each published per-query electricity estimate, by when it was published, with "
            'Google\'s 2009 web-search figure as the baseline. The "ten times a search" '
            "claim is 2.9 Wh over 0.3 Wh; later measurements and statements are ten times "
            "lower. Boundaries differ (see hover: basis, qualifier)."
        ),
        plot=Plot(
            kind="scatter",
            x="published_date",
            y="energy_wh_per_query",
            color="service",
            hover=("attributed_to", "model", "qualifier", "basis"),
            log_y=True,
        ),
    ),
    Chart(
        id="company_footprint",
        title="Company electricity, emissions and renewable matching",
        model="rpt_company__footprint",
        units="TWh, MtCO2e or % (panel titles)",
        note=(
            "Each figure from the newest report edition that gives it (hover). Total "
            "emissions as the company reports them (scopes differ); Apple, Amazon and Oracle "
            "publish no electricity total in these reports, and Oracle only its "
            "renewable-matched share."
        ),
        plot=Plot(
            kind="line",
            x="year",
            y=("electricity_twh", "total_emissions_mtco2e", "renewable_matched_frac"),
            color="company",
            panel_titles=(
                ("electricity_twh", "Electricity, TWh"),
                ("total_emissions_mtco2e", "Total emissions, MtCO2e"),
                ("renewable_matched_frac", "Renewable-matched share, %"),
            ),
        ),
    ),
    Chart(
        id="estimates_track_record",
        title="The estimates' track record: figures for the same year, edition by edition",
        model="rpt_dc__estimates_track_record",
        units="TWh a year (log scale)",
        note=(
            "One panel per place, one line per target year: data-centre electricity for that "
            "year as each publication gave it (by publication date; a range's midpoint), "
            "where two or more publications give one or a later estimate exists; crosses: "
            "what came, the latest later estimate or measurement of that year (a measurement "
            "without a publication date at the start of the year after). Most targets are "
            "still in the future."
        ),
        plot=Plot(
            kind="line",
            x="published_date",
            y="electricity_twh",
            color="year",
            symbol="figure",
            facet="geography_name",
            hover=("attributed_to", "publication"),
            log_y=True,
        ),
    ),
    Chart(
        id="france_dc_load",
        part="France, and Europe beside it",
        title="France: data-centre electricity by each estimator, now and projected",
        model="fct_dc__yearly_france_answer",
        where="answer_part in ('load_now', 'projection') and measure = 'dc_electricity'",
        units="TWh a year (log scale)",
        note=(
            "Every published estimate of French data-centre electricity, one colour per scope: "
            "scopes overlap and are never added (facilities in France; with other buildings' "
            "server rooms; operators the regulator surveyed; French digital use wherever "
            "served, abroad included). Projections to 2030 and 2035 are ADEME's trend "
            "scenario (the primary series) and its wider scope; RTE's 2.4-4.3 GW of "
            "data-centre power for 2030 is power, not energy, and is in the table below."
        ),
        plot=Plot(
            kind="scatter",
            x="year",
            y="value",
            color="scope",
            low="value_low",
            high="value_high",
            hover=("publisher", "scenario", "note"),
            log_y=True,
        ),
    ),
    Chart(
        id="france_dc_share",
        title="France: data centres' share of French electricity demand",
        model="fct_dc__yearly_france_answer",
        where="answer_part in ('share_of_demand', 'published_share', 'projected_share')",
        units="% of French electricity demand",
        note=(
            "Each estimate of facilities in France over French demand of its year (RTE's "
            "gross consumption, losses included, to 2023; Ember's demand after: hover, "
            "basis), the shares the publishers state themselves (ADEME 1.8 %, RTE 2 %), and "
            "the primary series' projection over RTE's 2030 and 2035 trajectories (error "
            "bars: over the fast and the slow decarbonisation trajectory)."
        ),
        plot=Plot(
            kind="scatter",
            x="year",
            y="value",
            color="answer_part",
            low="value_low",
            high="value_high",
            hover=("publisher", "scope", "basis", "note"),
            percent=True,
        ),
    ),
    Chart(
        id="france_same_load_elsewhere",
        title="France's data-centre load at France's grid intensity and on other grids",
        model="fct_dc__yearly_france_answer",
        where="answer_part = 'same_load_elsewhere'",
        units="MtCO2e a year (life-cycle)",
        note=(
            "France's data-centre electricity of its last historical year (the primary "
            "series) at the yearly life-cycle intensity of France's grid and of Germany's, "
            "Ireland's and PJM's (the US grid that holds Northern Virginia). Hover: each "
            "grid's intensity and method."
        ),
        plot=Plot(
            kind="bar", x="geography_code", y="value", color="geography_code", hover=("note",)
        ),
    ),
    Chart(
        id="flat_load_100mw",
        title="A 100 MW data centre running flat through 2023, on five grids and Ireland's",
        model="fct_dc__yearly_france_answer",
        where="answer_part = 'flat_load_100mw'",
        units="tCO2e a year",
        note=(
            "876 GWh drawn evenly every hour of 2023, at each hour's consumption-based "
            "intensity (Electricity Maps, hourly: France, Germany, PJM, California ISO, "
            "India West), direct and life-cycle; Ireland at its yearly intensity (no hourly "
            "series landed)."
        ),
        plot=Plot(
            kind="bar", x="geography_code", y="value", color="emission_scope", hover=("note",)
        ),
    ),
    Chart(
        id="europe_dc_share",
        title="Data centres' share of demand: France beside the rest of Europe",
        model="fct_dc__yearly_france_answer",
        where="answer_part = 'europe_beside' and measure = 'dc_share_of_demand' "
        "and value is not null",
        units="% of electricity demand",
        note=(
            "Each place's primary data-centre series over its demand, in its last historical "
            "year and in 2030 (demand grown at the publisher's or Ember's rate: hover, "
            "basis); Ireland's from the CSO's metered consumption. IEA Europe has no "
            "denominator and is left out."
        ),
        plot=Plot(
            kind="bar",
            x="geography_code",
            y="value",
            color="scenario",
            hover=("year", "publisher", "basis", "note"),
            percent=True,
        ),
    ),
    Chart(
        id="france_answer",
        title="France's answer in numbers, each with its source",
        model="fct_dc__yearly_france_answer",
        units="each row's own unit; shares in %",
        note=(
            "Every number of fct_dc__yearly_france_answer in the order an answer reads: load "
            "now, its share of demand, AI within it (no French AI figure is published: the "
            "world's AI share applied), French demand and RTE's trajectories, projections, "
            "their share of projected demand and of demand growth to 2035, emissions at "
            "France's grid intensity and elsewhere, France's grid, and Germany, the "
            "Netherlands, Ireland, the EU and IEA Europe beside. Whether AI could slow "
            "France's decarbonisation is for the reader: the growth_share, emissions and "
            "grid rows are the numbers that bear on it."
        ),
        plot=Plot(
            kind="table",
            columns=(
                "answer_part",
                "geography_code",
                "year",
                "scenario",
                "measure",
                "figure",
                "scope",
                "publisher",
                "basis",
                "note",
            ),
        ),  # fmt: skip
        shape=answer_table,
    ),
    Chart(
        id="claims",
        title="Claims in the debate, checked against the warehouse",
        model="fct_claims__checks",
        units="each claim's own unit, beside its value; ratio = claimed / warehouse, unitless",
        note=(
            "Each quantified claim with the warehouse's like-for-like figure (and its range "
            "where the evidence has one; three significant digits), the ratio and the "
            "verdict by the rule in macros/claim_verdict.sql: inside the range or within the "
            "claim's tolerance is consistent. The evidence says which tables, sources and "
            "vintages were used; fct_claims__checks has the figure ids behind each row."
        ),
        plot=Plot(
            kind="table",
            columns=("claim", "claimed_by", "claimed", "warehouse", "ratio", "verdict", "evidence"),
        ),
        shape=claims_table,
    ),
)
