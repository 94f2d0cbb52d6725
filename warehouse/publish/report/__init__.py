"""The report: one static HTML page of charts drawn from the warehouse snapshot, readable
offline (plotly's JavaScript is inlined; the page loads nothing).

Three parts: charts.py says what each chart reads (a mart; the report's own are
models/marts/report/rpt_*, so an analyst gets the same numbers) and how to draw it; data.py
reads the rows and their sources; draw.py makes the figures; page.html lays out the page. A
chart whose mart this build lacks is listed as waiting for it; one whose mart has no rows says
so in place of a drawing."""

from pathlib import Path

import jinja2
from plotly.offline import get_plotlyjs

from warehouse.errors import ReportError
from warehouse.publish.report import data
from warehouse.publish.report.charts import CHARTS, Chart, Plot
from warehouse.publish.report.draw import panels

__all__ = ["CHARTS", "Chart", "Plot", "ReportError", "panels", "write_report"]

PAGE = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=True
).get_template("page.html")


def write_report(snapshot: Path, dest: Path, build: dict) -> None:
    """Render every chart whose mart `snapshot` holds into `dest` (one HTML file)."""
    import duckdb

    with duckdb.connect(str(snapshot), read_only=True) as con:
        tables = data.tables(con)
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


def _render(con, chart: Chart) -> dict:
    """The chart's query, sources and panels (or table); a model with no rows (one this
    build left empty, as the fixture build may) gets a note in place of the drawing."""
    df = data.rows(con, chart)
    item = {"chart": chart, "query": data.query(chart), "rows": len(df), "sources": []}
    item |= {"panels": [], "table": None}
    if df.empty:
        return item
    item["sources"] = data.sources(con, data.source_ids(chart, df))
    if chart.plot.kind == "table":
        columns = list(chart.plot.columns)
        item["table"] = df[columns].astype(object).where(df[columns].notna(), "")
        return item
    drawn = panels(chart, df)
    config = {"displaylogo": False, "responsive": True, "displayModeBar": len(drawn) == 1}
    item["panels"] = [
        (title, fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                            div_id=f"plot-{chart.id}-{i}", config=config))
        for i, (title, fig) in enumerate(drawn)
    ]  # fmt: skip
    return item
