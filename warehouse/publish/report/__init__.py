"""The report: one static HTML page of charts drawn from the warehouse snapshot, readable
offline (plotly's JavaScript is inlined; the page loads nothing).

Three parts: charts.py says what each chart reads (a mart; the report's own are
models/marts/report/rpt_*, so an analyst gets the same numbers) and how to draw it; data.py
reads the rows and their sources; draw.py makes the figures; page.html lays out the page. A
chart whose mart this build lacks is listed as waiting for it; one whose mart has no rows says
so in place of a drawing.

Drawing is most of the report's time; a rebuild changes few marts. With a `cache` folder, a
chart's drawing is kept under the sha256 of its rows and of the code and plotly that drew
them, and drawn again only when one of them changed: the page is the same bytes either way."""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib.metadata import version
from pathlib import Path
from threading import Thread

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


def write_report(snapshot: Path, dest: Path, build: dict, cache: Path | None = None) -> None:
    """Render every chart whose mart `snapshot` holds into `dest` (one HTML file); drawings
    whose rows did not change come from `cache` (see above)."""
    import duckdb

    with duckdb.connect(str(snapshot), read_only=True) as con:
        tables = data.tables(con)
        drawn, waiting = [], []
        for chart in CHARTS:
            missing = [m for m in chart.marts if m not in tables]
            if missing:
                waiting.append((chart, missing))
            else:
                drawn.append(_render(con, chart, cache))
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


@contextmanager
def drawing_ahead(con, cache: Path) -> Iterator[None]:
    """Draw, in a thread reading `con` (a cursor of the build database, whose marts the
    snapshot copies), every chart whose drawing `cache` lacks, while the caller writes the
    export files (plotly holds the GIL, DuckDB's writes release it); closes `con` and waits
    for the thread on leaving. write_report then finds the drawings in `cache`; one whose
    rows differ from the snapshot's, or that failed here, is drawn there (and fails there,
    saying why)."""

    def draw() -> None:
        with con:
            tables = data.tables(con)
            for chart in CHARTS:
                if all(m in tables for m in chart.marts):
                    with suppress(Exception):  # see above: write_report draws it again
                        _render(con, chart, cache)

    thread = Thread(target=draw, daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _render(con, chart: Chart, cache: Path | None = None) -> dict:
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
    item["panels"] = _cached(cache, chart, df) if cache else _draw(chart, df)
    return item


def _draw(chart: Chart, df) -> list[tuple[str, str]]:
    """Each panel's title and HTML (a plotly div; the page loads plotly's script once)."""
    drawn = panels(chart, df)
    config = {"displaylogo": False, "responsive": True, "displayModeBar": len(drawn) == 1}
    return [
        (title, fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                            div_id=f"plot-{chart.id}-{i}", config=config))
        for i, (title, fig) in enumerate(drawn)
    ]  # fmt: skip


def _cached(cache: Path, chart: Chart, df) -> list[tuple[str, str]]:
    """The chart's panels from `cache` when its rows and the drawing code are unchanged."""
    key = hashlib.sha256(f"{_CODE} {chart.id}".encode())  # charts.py is in _CODE
    key.update(df.to_csv(index=False).encode() + str(df.dtypes.to_dict()).encode())
    path = cache / f"{chart.id}.json"
    try:
        kept = json.loads(path.read_text())
        if kept["key"] == key.hexdigest():
            return [tuple(panel) for panel in kept["panels"]]
    except (OSError, ValueError, KeyError):  # none yet, or unreadable: drawn again
        pass
    drawn = _draw(chart, df)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"key": key.hexdigest(), "panels": drawn}))
    return drawn


def _code_fingerprint() -> str:
    """The report's code and plotly's version: what draws a chart besides its rows."""
    digest = hashlib.sha256(version("plotly").encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


_CODE = _code_fingerprint()
