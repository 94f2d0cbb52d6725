"""The report: one static HTML page of charts drawn from the warehouse snapshot, readable
offline (plotly's JavaScript is inlined; the page loads nothing).

Each chart is one entry of CHARTS: the marts it reads, its query (shown on the page), and how
to draw the rows. A query returns `source_id` on every row, so the page names each chart's
sources and their vintage from dim_source. A chart whose marts this build lacks is listed as
waiting for them, never drawn from nothing."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import jinja2
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from warehouse.export import ExportError


class ReportError(ExportError):
    pass


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    marts: tuple[str, ...]
    caption: str
    sql: str = ""  # returns the columns `draw` uses and `source_id`
    draw: Callable[[pd.DataFrame], go.Figure] | None = None  # None: not written yet


# The countries with the most data-centre load (IEA, Energy and AI 2025) and the world.
DC_COUNTRIES = ("USA", "CHN", "IRL", "DEU", "GBR", "JPN", "NLD", "WORLD")


def _grid_intensity(df: pd.DataFrame) -> go.Figure:
    return px.line(
        df,
        x="year",
        y="carbon_intensity_gco2e_per_kwh",
        color="geography_name",
        markers=True,
        labels={"carbon_intensity_gco2e_per_kwh": "gCO2e/kWh", "geography_name": ""},
    )


def _cloud_regions(df: pd.DataFrame) -> go.Figure:
    df = df.assign(series=df["cloud_provider"] + ", " + df["method"] + " " + df["year"].astype(str))
    return px.strip(
        df,
        x="series",
        y="grid_carbon_intensity_gco2e_per_kwh",
        color="cloud_provider",
        hover_data=["cloud_region", "geography_code"],
        labels={"grid_carbon_intensity_gco2e_per_kwh": "gCO2e/kWh", "series": ""},
    )


def _capacity_additions(df: pd.DataFrame) -> go.Figure:
    fig = px.bar(
        df,
        x="year",
        y="net_additions_gw",
        color="geography_name",
        barmode="group",
        labels={"net_additions_gw": "GW a year", "geography_name": ""},
    )
    published = df.dropna(subset=["gross_additions_published_gw"])
    fig.add_trace(
        go.Scatter(
            x=published["year"],
            y=published["gross_additions_published_gw"],
            mode="markers",
            marker={"symbol": "diamond", "size": 11, "color": "black"},
            name="gross additions as published",
            text=published["geography_name"],
        )
    )
    return fig


def _company_footprint(df: pd.DataFrame) -> go.Figure:
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Electricity, TWh", "Emissions, MtCO2e"))
    for i, (company, rows) in enumerate(df.groupby("company", sort=True)):
        colour = px.colors.qualitative.Plotly[i % len(px.colors.qualitative.Plotly)]
        panels = ((1, "electricity_twh"), (2, "total_emissions_mtco2e"))
        drawn = [(col, rows.dropna(subset=[c])[["year", c]]) for col, c in panels]
        for n, (col, points) in enumerate(p for p in drawn if len(p[1])):
            fig.add_trace(
                go.Scatter(
                    x=points["year"],
                    y=points.iloc[:, 1],
                    name=company,
                    legendgroup=company,
                    showlegend=n == 0,
                    mode="lines+markers",
                    line={"color": colour},
                ),
                row=1,
                col=col,
            )
    return fig


CHARTS = (
    Chart(
        id="dc_electricity_by_region",
        title="Data-centre electricity by region and scenario, with ranges",
        marts=("fct_dc__yearly_electricity",),
        caption="Published estimates and projections of data-centre electricity.",
    ),
    Chart(
        id="ai_share_of_demand",
        title="AI's share of electricity demand in the main countries",
        marts=("fct_ai__yearly_demand_share",),
        caption="AI electricity as a share of each country's demand, by scenario.",
    ),
    Chart(
        id="grid_intensity_dc_countries",
        title="Grid carbon intensity in the countries with the most data-centre load",
        marts=("fct_grid__yearly_carbon_intensity", "dim_geography"),
        caption=(
            "Each country's primary series (one method per line); production-based "
            "lifecycle intensity where Ember publishes it."
        ),
        sql=f"""
            select f.year, g.geography_name, f.carbon_intensity_gco2e_per_kwh, f.source_id
            from marts.fct_grid__yearly_carbon_intensity f
            join marts.dim_geography g using (geography_code)
            where f.is_primary and f.geography_code in {DC_COUNTRIES!r}
            order by g.geography_name, f.year""",
        draw=_grid_intensity,
    ),
    Chart(
        id="cloud_region_intensity",
        title="Grid carbon intensity where the cloud data centres are",
        marts=("fct_cloud__yearly_region_intensity",),
        caption=(
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
            select f.cloud_provider, f.method, f.year, f.cloud_region, f.geography_code,
                   f.grid_carbon_intensity_gco2e_per_kwh, f.source_id
            from marts.fct_cloud__yearly_region_intensity f
            join latest using (cloud_provider, method, year)
            where not f.is_projection and f.grid_carbon_intensity_gco2e_per_kwh is not null
            order by f.cloud_provider, f.method, f.cloud_region""",
        draw=_cloud_regions,
    ),
    Chart(
        id="capacity_additions",
        title="Net generating capacity added each year",
        marts=("fct_capacity__yearly_additions", "dim_geography"),
        caption=(
            "IRENA's installed capacity, year-end change: additions net of retirements. "
            "Diamonds: gross additions as a government or company published them (not "
            "comparable with the net bars). Data-centre load growth joins this chart when "
            "the data-centre mart is built."
        ),
        sql="""
            select f.year, g.geography_name, f.net_additions_gw,
                   f.gross_additions_published_gw, f.source_id
            from marts.fct_capacity__yearly_additions f
            join marts.dim_geography g using (geography_code)
            where f.technology = 'total' and f.year >= 2015 and f.net_additions_gw is not null
              and f.geography_code in ('CHN', 'USA', 'IND', 'DEU', 'JPN', 'BRA')
            order by g.geography_name, f.year""",
        draw=_capacity_additions,
    ),
    Chart(
        id="per_query_energy",
        title="Energy per AI query over time",
        marts=("fct_ai__per_query_energy",),
        caption="Published per-query estimates, with the web-search baseline.",
    ),
    Chart(
        id="company_footprint",
        title="Company electricity and emissions",
        marts=("fct_company__yearly_footprint",),
        caption=(
            "Each company's latest report edition (restated years as that edition gives "
            "them). Total emissions as the company reports them (scopes differ); Apple, "
            "Amazon and Oracle publish no electricity total in these reports."
        ),
        sql="""
            select company, year, electricity_twh,
                   total_emissions_tco2e / 1e6 as total_emissions_mtco2e, source_id
            from marts.fct_company__yearly_footprint
            where is_primary_edition
              and (electricity_twh is not null or total_emissions_tco2e is not null)
            order by company, year""",
        draw=_company_footprint,
    ),
    Chart(
        id="estimates_track_record",
        title="The estimates' track record",
        marts=("fct_dc__estimate_vintages",),
        caption="How each published figure changed from one edition to the next.",
    ),
    Chart(
        id="claims",
        title="Claims in the debate, checked against the warehouse",
        marts=("fct_claims__checks",),
        caption="Each quantified claim with the warehouse's figure and the verdict.",
    ),
)


def write_report(snapshot: Path, dest: Path, build: dict) -> None:
    """Render every chart whose marts `snapshot` holds into `dest` (one HTML file)."""
    with duckdb.connect(str(snapshot), read_only=True) as con:
        tables = _tables(con)
        drawn, waiting = [], []
        for chart in CHARTS:
            missing = [m for m in chart.marts if m not in tables]
            if missing or chart.draw is None:
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
    try:
        df = con.sql(chart.sql).df()
    except duckdb.Error as exc:
        raise ReportError(
            f"chart {chart.id} (warehouse/report.py): its query failed: {exc}"
        ) from exc
    if df.empty or "source_id" not in df.columns:
        raise ReportError(
            f"chart {chart.id}: its query returned "
            + ("no rows" if df.empty else "no source_id column")
            + f" from {', '.join(chart.marts)}"
        )
    ids = sorted(df["source_id"].dropna().unique())
    sources = con.execute(
        """select publisher, title, vintage, licence from marts.dim_source
        where source_id in (select unnest(?)) order by publisher, title""",
        [ids],
    ).fetchall()
    fig = chart.draw(df)
    fig.update_layout(margin={"l": 60, "r": 20, "t": 40, "b": 60}, height=460)
    div = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        div_id=f"plot-{chart.id}",
        config={"displaylogo": False, "responsive": True},
    )
    return {"chart": chart, "div": div, "sources": sources, "rows": len(df)}


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
{% for item in charts %}
<section class="chart" id="{{ item.chart.id }}" data-chart="{{ item.chart.id }}">
<h2>{{ item.chart.title }}</h2>
<p>{{ item.chart.caption }}</p>
{{ item.div | safe }}
<p class="meta">Sources:
{% for publisher, title, vintage, licence in item.sources %}
{{ publisher }}, <em>{{ title }}</em> (vintage: {{ vintage }}; licence: {{ licence }})
{{- "; " if not loop.last else "." }}
{% endfor %}</p>
<details><summary>Query ({{ item.rows }} rows, from {{ item.chart.marts | join(", ") }})</summary>
<pre>{{ item.chart.sql | trim }}</pre></details>
</section>
{% endfor %}
{% if waiting %}
<section id="waiting"><h2>Charts waiting for their marts</h2><ul>
{% for chart, missing in waiting %}
<li data-waiting="{{ chart.id }}">{{ chart.title }}: {% if missing %}needs
{{ missing | join(", ") }}{% else %}not drawn yet{% endif %}</li>
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
