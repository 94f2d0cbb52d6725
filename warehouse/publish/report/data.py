"""The report's data access: which marts the snapshot holds, a chart's rows (its model, read
whole) and the sources those rows name, from dim_source."""

import duckdb
import pandas as pd

from warehouse.errors import ReportError
from warehouse.publish.report.charts import Chart


def tables(con) -> dict[str, tuple[str, int]]:
    """Each table of the marts schema: its comment and row count."""
    rows = con.execute(
        "select table_name, comment from duckdb_tables() where schema_name = 'marts'"
    ).fetchall()
    count = 'select count(*) from marts."{}"'
    return {n: (c or "", con.execute(count.format(n)).fetchall()[0][0]) for n, c in rows}


def query(chart: Chart) -> str:
    """What the page shows as the chart's query: its model, whole or filtered."""
    return f"select * from marts.{chart.model}" + (f" where {chart.where}" if chart.where else "")


def rows(con, chart: Chart) -> pd.DataFrame:
    """The chart's model, shaped as the chart draws it; a column the Plot names that the
    model lacks is an error naming the chart."""
    try:
        df = con.sql(query(chart)).df()
    except duckdb.Error as exc:
        raise ReportError(f"chart {chart.id}: reading {chart.model} failed: {exc}") from exc
    if chart.shape:
        df = chart.shape(df)
    plot = chart.plot
    named = [plot.x, *_as_tuple(plot.y), plot.color, plot.symbol, plot.facet, plot.low]
    named += [plot.high, *plot.hover, *plot.columns]
    missing = sorted({c for c in named if c} - set(df.columns))
    if missing:
        raise ReportError(
            f"chart {chart.id} (warehouse/publish/report/charts.py): {chart.model} has no column "
            f"{', '.join(missing)}"
        )
    return df


def source_ids(chart: Chart, df: pd.DataFrame) -> list[str]:
    """Every source id the rows name: `source_id`, `<x>_source_id`, or `source_ids` (a
    comma-separated list)."""
    columns = [
        c for c in df.columns if c == "source_id" or c.endswith(("_source_id", "source_ids"))
    ]
    if not columns:
        raise ReportError(f"chart {chart.id}: {chart.model} has no source_id column")
    ids = {
        i.strip()
        for v in df[columns].to_numpy().ravel()
        if isinstance(v, str)
        for i in v.split(",")
    }
    return sorted(ids - {""})


def sources(con, ids: list[str]) -> list[tuple]:
    """Publisher, title, vintage and licence of each source, by publisher and title."""
    return con.execute(
        """select publisher, title, vintage, licence from marts.dim_source
        where source_id in (select unnest(?)) order by publisher, title""",
        [ids],
    ).fetchall()


def _as_tuple(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)
