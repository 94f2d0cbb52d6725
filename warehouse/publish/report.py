"""The report: one static HTML page of charts drawn from the warehouse snapshot, readable
offline (plotly's JavaScript is inlined; the page loads nothing).

Each chart is one entry of CHARTS: the marts it reads, its query (shown on the page), the
unit of its values, a note, and a Plot saying which columns go where; one drawing function
serves them all. A query returns a source id on every row, so the page names each chart's
sources and their vintage from dim_source. A chart whose marts this build lacks is listed as
waiting for them; one whose query finds no rows (an empty mart) says so in place of a drawing."""

from dataclasses import dataclass
from pathlib import Path

import duckdb
import jinja2
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from warehouse.errors import ReportError


@dataclass(frozen=True)
class Plot:
    """How to draw a query's rows, by column name (plotly express's arguments). `kind` is
    line, bar, scatter or strip; or table: the rows of `columns` as an HTML table."""

    kind: str
    x: str = ""
    y: str = ""
    color: str | None = None
    dash: str | None = None  # line style by this column (lines only)
    symbol: str | None = None  # marker shape by this column
    facet: str | None = None  # one panel per value
    low: str | None = None  # a range drawn as error bars from `low` to `high` (nulls: none)
    high: str | None = None
    hover: tuple[str, ...] = ()
    log_y: bool = False
    percent: bool = False  # y is a 0-1 fraction, shown as a percent
    independent_y: bool = False  # each panel its own y scale (panels in different units)
    columns: tuple[str, ...] = ()  # table only


@dataclass(frozen=True)
class Chart:
    """One chart: the marts it reads, its query (shown on the page; it returns the columns
    `plot` names and a `source_id`, or `<x>_source_id`, for each row, an id or a list of
    them: the page names those sources and their vintage from dim_source), the unit of its
    values, and a note on what it shows and how far to trust it."""

    id: str
    title: str
    marts: tuple[str, ...]
    units: str
    note: str
    sql: str
    plot: Plot


# The countries with the most data-centre load (IEA, Energy and AI 2025) and the world.
DC_COUNTRIES = ("USA", "CHN", "IRL", "DEU", "GBR", "JPN", "NLD", "WORLD")
# The world, the IEA's regions (Energy and AI 2025) and the countries it or others single out.
DC_REGIONS = (
    "WORLD",
    "IEA_NORTH_AMERICA",
    "IEA_EUROPE",
    "IEA_ASIA_PACIFIC",
    "IEA_MIDDLE_EAST",
    "IEA_CENTRAL_SOUTH_AMERICA",
    "IEA_AFRICA",
    "USA",
    "CHN",
    "EU27",
    "IRL",
)
# Where US data centres cluster (Dominion's Northern Virginia, the Southeast's utilities,
# Texas), beside the Lower 48: the series fct_grid__hourly_demand holds.
DC_CLUSTER_GRIDS = ("PJM-DOM", "DUK", "SOCO", "TVA", "US_TEXAS_IC", "US48")
# The largest builders of generating capacity.
CAPACITY_COUNTRIES = ("CHN", "USA", "IND", "DEU", "JPN", "BRA")

CHARTS = (
    Chart(
        id="dc_electricity_by_region",
        title="Data-centre electricity by region and scenario, with ranges",
        marts=("fct_dc__yearly_harmonised_electricity", "fct_dc__yearly_electricity"),
        units="TWh a year (log scale)",
        note=(
            "Each place's primary series (one publication's history and scenarios, years "
            "between published ones interpolated at a constant growth rate), line style by "
            "scenario; markers with error bars are published ranges from other publications "
            "(the midpoint where a range has no central figure). Data centres only: crypto "
            "mining and AI alone are left out."
        ),
        sql=f"""
            select h.year, g.geography_name, h.scenario, h.electricity_low_twh,
                   h.electricity_twh, h.electricity_high_twh, h.publication,
                   h.is_interpolated, h.source_id
            from marts.fct_dc__yearly_harmonised_electricity h
            join marts.dim_geography g using (geography_code)
            where h.geography_code in {DC_REGIONS!r}
            union all
            select e.year, g.geography_name || ', range: ' || e.attributed_to, e.scenario,
                   e.electricity_low_twh,
                   coalesce(e.electricity_twh,
                            (e.electricity_low_twh + e.electricity_high_twh) / 2),
                   e.electricity_high_twh, e.publication, false, e.source_id
            from marts.fct_dc__yearly_electricity e
            join marts.dim_geography g using (geography_code)
            where e.scope = 'data_centres' and not e.is_primary
              and e.electricity_low_twh is not null and e.electricity_high_twh is not null
              and e.geography_code in {DC_REGIONS!r}
            order by geography_name, scenario, year""",
        plot=Plot(
            kind="line",
            x="year",
            y="electricity_twh",
            color="geography_name",
            dash="scenario",
            low="electricity_low_twh",
            high="electricity_high_twh",
            hover=("publication", "is_interpolated"),
            log_y=True,
        ),
    ),
    Chart(
        id="ai_share_of_demand",
        title="AI's share of electricity demand in the main countries",
        marts=("fct_ai__yearly_demand_share", "dim_geography"),
        units="% of electricity demand",
        note=(
            "AI electricity (data-centre electricity times AI's share of it, a scenario "
            "assumption in seeds/ai_scenario_assumptions.csv) over each place's demand; "
            "error bars from the low and high AI electricity. Demand after the last year "
            "held is projected (hover). Places without a demand series are left out."
        ),
        sql="""
            select s.year, g.geography_name, s.scenario,
                   s.ai_electricity_low_twh / s.demand_twh as ai_share_of_demand_low_frac,
                   s.ai_share_of_demand_frac,
                   s.ai_electricity_high_twh / s.demand_twh as ai_share_of_demand_high_frac,
                   s.is_demand_projected, s.source_id, s.demand_source_id
            from marts.fct_ai__yearly_demand_share s
            join marts.dim_geography g using (geography_code)
            where s.ai_share_of_demand_frac is not null
            order by g.geography_name, s.scenario, s.year""",
        plot=Plot(
            kind="line",
            x="year",
            y="ai_share_of_demand_frac",
            color="geography_name",
            dash="scenario",
            low="ai_share_of_demand_low_frac",
            high="ai_share_of_demand_high_frac",
            hover=("is_demand_projected",),
            percent=True,
        ),
    ),
    Chart(
        id="grid_intensity_dc_countries",
        title="Grid carbon intensity in the countries with the most data-centre load",
        marts=("fct_grid__yearly_carbon_intensity", "dim_geography"),
        units="gCO2e per kWh",
        note=(
            "Each country's primary series (one method per line); production-based "
            "lifecycle intensity where Ember publishes it."
        ),
        sql=f"""
            select f.year, g.geography_name, f.carbon_intensity_gco2e_per_kwh, f.source_id
            from marts.fct_grid__yearly_carbon_intensity f
            join marts.dim_geography g using (geography_code)
            where f.is_primary and f.geography_code in {DC_COUNTRIES!r}
            order by g.geography_name, f.year""",
        plot=Plot(
            kind="line", x="year", y="carbon_intensity_gco2e_per_kwh", color="geography_name"
        ),
    ),
    Chart(
        id="us_hourly_intensity_profile",
        title="The US grid hour by hour: carbon intensity by season against the yearly average",
        marts=("fct_grid__hourly_intensity_profile",),
        units="gCO2e per kWh (lifecycle)",
        note=(
            "The Lower 48's generation-weighted lifecycle intensity for each hour of the day "
            "(US Central Standard Time), averaged over each season of the latest full year, "
            "and the year's average that a company report multiplies its electricity by: "
            "a load running at night or in spring emits more or less than that average "
            "says. From EIA-930 hourly generation by fuel and IPCC AR5 lifecycle factors."
        ),
        sql="""
            with latest as (
                select geography_code, max(year) as year
                from marts.fct_grid__hourly_intensity_profile
                where is_full_year
                group by geography_code
            )
            select p.hour_of_day_cst, p.season || ' ' || p.year as series,
                   p.carbon_intensity_lifecycle_gco2e_per_kwh, p.source_id
            from marts.fct_grid__hourly_intensity_profile p
            join latest using (geography_code, year)
            union all
            select distinct p.hour_of_day_cst, 'yearly average ' || p.year,
                   p.yearly_carbon_intensity_lifecycle_gco2e_per_kwh, p.source_id
            from marts.fct_grid__hourly_intensity_profile p
            join latest using (geography_code, year)
            order by series, hour_of_day_cst""",
        plot=Plot(
            kind="line",
            x="hour_of_day_cst",
            y="carbon_intensity_lifecycle_gco2e_per_kwh",
            color="series",
        ),
    ),
    Chart(
        id="dc_cluster_demand_growth",
        title="Electricity demand growth where US data centres cluster",
        marts=("fct_grid__yearly_demand", "dim_geography"),
        units="% change on the year before",
        note=(
            "Yearly demand summed from the balancing authorities' hourly demand (EIA-930, as "
            "screened and imputed by Ruggles & Farnham), full years only: Dominion (Northern "
            "Virginia's data-centre cluster), the Southeast's utilities and Texas against "
            "the Lower 48. Demand growth is all load, not data centres alone."
        ),
        sql=f"""
            select d.year, g.geography_name, d.demand_growth_frac, d.demand_twh, d.source_id
            from marts.fct_grid__yearly_demand d
            join marts.dim_geography g using (geography_code)
            where d.is_full_year and d.demand_growth_frac is not null
              and d.geography_code in {DC_CLUSTER_GRIDS!r}
            order by g.geography_name, d.year""",
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
        marts=("fct_cloud__yearly_region_intensity",),
        units="gCO2e per kWh",
        note=(
            "One point per cloud region: the intensity of the grid it draws from, in the "
            "latest year each provider publishes an average (not marginal) figure for, one "
            "method per column: methods are not comparable."
        ),
        sql="""
            with latest as (
                select cloud_provider, method, max(year) as year
                from marts.fct_cloud__yearly_region_intensity
                where method like 'average%' and not is_projection
                  and grid_carbon_intensity_gco2e_per_kwh is not null
                group by cloud_provider, method
            )
            select f.cloud_provider, f.cloud_provider || ', ' || f.method || ' ' || f.year
                       as series,
                   f.cloud_region, f.geography_code,
                   f.grid_carbon_intensity_gco2e_per_kwh, f.source_id
            from marts.fct_cloud__yearly_region_intensity f
            join latest using (cloud_provider, method, year)
            where not f.is_projection and f.grid_carbon_intensity_gco2e_per_kwh is not null
            order by f.cloud_provider, f.method, f.cloud_region""",
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
        marts=(
            "fct_capacity__yearly_additions",
            "fct_capacity__yearly_additions_vs_dc_load",
            "dim_geography",
        ),
        units="GW a year",
        note=(
            "IRENA's installed capacity, year-end change: additions net of retirements. "
            "Gross additions as a government or company published them are not comparable "
            "with the net bars. Data-centre load growth: the year's rise in data centres' "
            "average load (electricity over the hours of the year, historical series), the "
            "power a grid must add on average, before any margin for peaks or for the "
            "capacity factor of what it builds."
        ),
        sql=f"""
            select f.year, g.geography_name, 'net additions (IRENA)' as series,
                   f.net_additions_gw as capacity_gw, f.source_id
            from marts.fct_capacity__yearly_additions f
            join marts.dim_geography g using (geography_code)
            where f.technology = 'total' and f.year >= 2015 and f.net_additions_gw is not null
              and f.geography_code in {CAPACITY_COUNTRIES!r}
            union all
            select f.year, g.geography_name, 'gross additions as published',
                   f.gross_additions_published_gw, f.gross_additions_source_id
            from marts.fct_capacity__yearly_additions f
            join marts.dim_geography g using (geography_code)
            where f.technology = 'total' and f.gross_additions_published_gw is not null
              and f.geography_code in {CAPACITY_COUNTRIES!r}
            union all
            select f.year, g.geography_name, 'data-centre average load growth',
                   f.dc_average_load_growth_gw, f.dc_source_id
            from marts.fct_capacity__yearly_additions_vs_dc_load f
            join marts.dim_geography g using (geography_code)
            where f.dc_average_load_growth_gw is not null
              and f.geography_code in {CAPACITY_COUNTRIES!r}
            order by geography_name, series, year""",
        plot=Plot(
            kind="bar",
            x="year",
            y="capacity_gw",
            color="series",
            facet="geography_name",
            independent_y=True,
        ),
    ),
    Chart(
        id="per_query_energy",
        title="Energy per AI query over time",
        marts=("fct_ai__per_query_energy",),
        units="Wh per query (log scale)",
        note=(
            "Each published per-query electricity estimate, by when it was published, with "
            'Google\'s 2009 web-search figure as the baseline. The "ten times a search" '
            "claim is 2.9 Wh over 0.3 Wh; later measurements and statements are ten times "
            "lower. Boundaries differ (see hover: basis, qualifier)."
        ),
        sql="""
            select published_date, service, attributed_to, model, qualifier, basis,
                   energy_wh_per_query, source_id
            from marts.fct_ai__per_query_energy
            where energy_wh_per_query is not null and published_date is not null
            order by service, published_date, attributed_to""",
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
        title="Company electricity and emissions",
        marts=("fct_company__yearly_footprint",),
        units="TWh (electricity), MtCO2e (emissions)",
        note=(
            "Each company's latest report edition (restated years as that edition gives "
            "them). Total emissions as the company reports them (scopes differ); Apple, "
            "Amazon and Oracle publish no electricity total in these reports."
        ),
        sql="""
            select company, year, 'Electricity, TWh' as measure, electricity_twh as value,
                   source_id
            from marts.fct_company__yearly_footprint
            where is_primary_edition and electricity_twh is not null
            union all
            select company, year, 'Emissions, MtCO2e', total_emissions_tco2e / 1e6, source_id
            from marts.fct_company__yearly_footprint
            where is_primary_edition and total_emissions_tco2e is not null
            order by measure, company, year""",
        plot=Plot(
            kind="line", x="year", y="value", color="company", facet="measure", independent_y=True
        ),
    ),
    Chart(
        id="estimates_track_record",
        title="The estimates' track record: figures for the same year, edition by edition",
        marts=("fct_dc__estimate_vintages", "dim_geography"),
        units="TWh a year (log scale)",
        note=(
            "Data-centre electricity for a place and target year as each publication gave "
            "it (by publication date; a range's midpoint), where two or more publications "
            "give one or a later estimate exists; crosses: what came, the latest later "
            "estimate or measurement of that year (a measurement without a publication date "
            "at the start of the year after). Most targets are still in the future."
        ),
        sql="""
            with dated as (
                select v.*, g.geography_name || ' ' || v.year as target
                from marts.fct_dc__estimate_vintages v
                join marts.dim_geography g using (geography_code)
                where v.scope = 'data_centres' and v.published_date is not null
            ),
            tracked as (
                select target from dated group by target
                having count(*) >= 2 or count(later_estimate_twh) > 0
            )
            select target, published_date, 'published figure' as figure,
                   electricity_mid_twh as electricity_twh, attributed_to, publication,
                   source_id
            from dated join tracked using (target)
            union all
            select distinct target,
                   coalesce(later_estimate_published_date, make_date(year + 1, 1, 1)),
                   'what came (' || later_estimate_kind || ')', later_estimate_twh, '',
                   later_estimate_publication, later_estimate_source_id
            from dated join tracked using (target)
            where later_estimate_twh is not null
            order by target, published_date, figure""",
        plot=Plot(
            kind="line",
            x="published_date",
            y="electricity_twh",
            color="target",
            symbol="figure",
            hover=("attributed_to", "publication"),
            log_y=True,
        ),
    ),
    Chart(
        id="claims",
        title="Claims in the debate, checked against the warehouse",
        marts=("fct_claims__checks",),
        units="each claim's own unit, beside its value; ratio = claimed / warehouse, unitless",
        note=(
            "Each quantified claim with the warehouse's like-for-like figure (and its range "
            "where the evidence has one; three significant digits), the ratio and the "
            "verdict by the rule in macros/claim_verdict.sql: inside the range or within the "
            "claim's tolerance is consistent. The evidence says which tables, sources and "
            "vintages were used; fct_claims__checks has the figure ids behind each row."
        ),
        sql="""
            select claim, claimant || ', ' || cast(claim_date as varchar) as claimed_by,
                   printf('%g', claimed_value) || ' ' || claimed_unit as claimed,
                   printf('%.3g', warehouse_value) || ' ' || claimed_unit
                       || coalesce(' (' || printf('%.3g', warehouse_low) || ' to '
                                   || printf('%.3g', warehouse_high) || ')', '')
                       as warehouse,
                   round(ratio, 2) as ratio, verdict, evidence,
                   string_split(replace(source_ids, ' ', ''), ',') as source_id
            from marts.fct_claims__checks
            order by claim_date, claim_id""",
        plot=Plot(
            kind="table",
            columns=("claim", "claimed_by", "claimed", "warehouse", "ratio", "verdict", "evidence"),
        ),
    ),
)


def write_report(snapshot: Path, dest: Path, build: dict) -> None:
    """Render every chart whose marts `snapshot` holds into `dest` (one HTML file)."""
    with duckdb.connect(str(snapshot), read_only=True) as con:
        tables = _tables(con)
        drawn, waiting = [], []
        for chart in CHARTS:
            missing = [m for m in chart.marts if m not in tables]
            if missing:
                waiting.append((chart, missing))
            else:
                drawn.append(_render(con, chart))
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(
        PAGE.render(
            plotly_js=get_plotlyjs(),
            build=build,
            charts=drawn,
            waiting=waiting,
            tables=[(name, *tables[name]) for name in sorted(tables)],
        ),
        encoding="utf-8",
    )


def _tables(con) -> dict[str, tuple[str, int]]:
    rows = con.execute(
        "select table_name, comment from duckdb_tables() where schema_name = 'marts'"
    ).fetchall()
    count = 'select count(*) from marts."{}"'
    return {n: (c or "", con.execute(count.format(n)).fetchall()[0][0]) for n, c in rows}


def _render(con, chart: Chart) -> dict:
    """The chart's query, sources and drawing; a query with no rows (a mart this build left
    empty, as the fixture build may) gets a note in place of the drawing."""
    try:
        df = con.sql(chart.sql).df()
    except duckdb.Error as exc:
        raise ReportError(
            f"chart {chart.id} (warehouse/report.py): its query failed: {exc}"
        ) from exc
    id_columns = [c for c in df.columns if c == "source_id" or c.endswith("_source_id")]
    if not id_columns:
        raise ReportError(f"chart {chart.id}: its query returns no source_id column")
    item = {"chart": chart, "rows": len(df), "sources": [], "div": "", "table": None}
    if df.empty:
        return item
    ids = sorted(set(df[id_columns].stack().explode().dropna()) - {""})  # lists: each id
    item["sources"] = con.execute(
        """select publisher, title, vintage, licence from marts.dim_source
        where source_id in (select unnest(?)) order by publisher, title""",
        [ids],
    ).fetchall()
    if chart.plot.kind == "table":
        item["table"] = df[list(chart.plot.columns)].astype(object).where(df.notna(), "")
    else:
        item["div"] = draw(chart, df).to_html(
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            div_id=f"plot-{chart.id}",
            config={"displaylogo": False, "responsive": True},
        )
    return item


PLOTS = {"line": px.line, "bar": px.bar, "scatter": px.scatter, "strip": px.strip}


def draw(chart: Chart, df: pd.DataFrame) -> go.Figure:
    """The figure `chart.plot` describes, its y axis titled with the chart's units."""
    plot = chart.plot
    args = {
        "x": plot.x,
        "y": plot.y,
        "color": plot.color,
        "line_dash": plot.dash,
        "symbol": plot.symbol,
        "facet_col": plot.facet,
        "facet_col_wrap": 3 if plot.facet else None,
        "hover_data": list(plot.hover) or None,
        "log_y": plot.log_y or None,
        "markers": plot.kind == "line" or None,
        "barmode": "group" if plot.kind == "bar" else None,
        "labels": {c: c.replace("_", " ") for c in df.columns} | {plot.y: chart.units},
    }
    if plot.low:  # error bars as distances from the value; a null bound draws none
        df = df.assign(
            range_above=df[plot.high] - df[plot.y], range_below=df[plot.y] - df[plot.low]
        )
        args |= {"error_y": "range_above", "error_y_minus": "range_below"}
    fig = PLOTS[plot.kind](df, **{k: v for k, v in args.items() if v is not None})
    if plot.percent:
        fig.update_yaxes(tickformat=".1%", hoverformat=".2%")
    if plot.independent_y:
        fig.update_yaxes(matches=None, showticklabels=True)
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))  # panel titles
    height = 460 if not plot.facet else 330 * -(-df[plot.facet].nunique() // 3)
    fig.update_layout(margin={"l": 60, "r": 20, "t": 40, "b": 60}, height=max(height, 460))
    return fig


PAGE = jinja2.Environment(autoescape=True).from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI energy warehouse: report {{ build.data_version }}</title>
<style>
 body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
        color: #222; }
 section.chart { margin: 2.5em 0; border-top: 1px solid #ddd; }
 .meta { color: #555; font-size: 0.9em; }
 .table-wrap { max-height: 600px; overflow: auto; }
 pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
 table { border-collapse: collapse; font-size: 0.9em; }
 td, th { border-bottom: 1px solid #eee; padding: 0.3em 0.6em; text-align: left; }
</style>
<script>{{ plotly_js | safe }}</script>
</head><body>
<h1>AI energy warehouse</h1>
<p class="meta">Data version <strong>{{ build.data_version }}</strong>, built
{{ build.built_at }}. Cite it with CITATION.cff; the tables, their columns, units, sources and
licences are in catalog.json and datapackage.json beside this folder.</p>
<nav><ul>
{% for item in charts %}<li><a href="#{{ item.chart.id }}">{{ item.chart.title }}</a></li>
{% endfor %}</ul></nav>
{% for item in charts %}
<section class="chart" id="{{ item.chart.id }}" data-chart="{{ item.chart.id }}"
 data-units="{{ item.chart.units }}" data-rows="{{ item.rows }}">
<h2>{{ item.chart.title }}</h2>
<p>{{ item.chart.note }}</p>
{% if not item.rows %}
<p class="empty">No rows to draw: this build's {{ item.chart.marts | join(", ") }} hold none
for this chart.</p>
{% elif item.table is not none %}
<div class="table-wrap"><table class="data">
<tr>{% for column in item.table.columns %}<th>{{ column }}</th>{% endfor %}</tr>
{% for row in item.table.itertuples(index=False) %}
<tr>{% for value in row %}<td>{{ value }}</td>{% endfor %}</tr>
{% endfor %}</table></div>
{% else %}
{{ item.div | safe }}
{% endif %}
<p class="meta">Units: {{ item.chart.units }}.
{% if item.sources %}Sources:
{% for publisher, title, vintage, licence in item.sources %}
{{ publisher }}, <em>{{ title }}</em> (vintage: {{ vintage }}; licence: {{ licence }})
{{- "; " if not loop.last else "." }}
{% endfor %}{% endif %}</p>
<details><summary>Query ({{ item.rows }} rows, from {{ item.chart.marts | join(", ") }})</summary>
<pre>{{ item.chart.sql | trim }}</pre></details>
</section>
{% endfor %}
{% if waiting %}
<section id="waiting"><h2>Charts waiting for their marts</h2><ul>
{% for chart, missing in waiting %}
<li data-waiting="{{ chart.id }}">{{ chart.title }}: needs
{{ missing | join(", ") }}</li>
{% endfor %}</ul></section>
{% endif %}
<section id="tables"><h2>Tables</h2>
<p>Each as <code>csv/&lt;table&gt;.csv</code> and <code>parquet/&lt;table&gt;.parquet</code>
beside this folder, and in <code>warehouse.duckdb</code> (schema <code>marts</code>).</p>
<table><tr><th>table</th><th>rows</th><th>what it holds</th></tr>
{% for name, comment, rows in tables %}
<tr><td><a href="../csv/{{ name }}.csv">{{ name }}</a></td><td>{{ rows }}</td>
<td>{{ comment }}</td></tr>
{% endfor %}</table></section>
</body></html>
"""
)
