"""Drawing: a chart's rows as plotly figures, one per panel. A Plot with a facet (or several
y columns) becomes small multiples that the page lays out in a grid, biggest values first, each
panel with its own legend of a few series; one colour per series across the panels; history
solid and each projection dashed, starting from history's last point."""

import math

import pandas as pd
import plotly.graph_objects as go

from warehouse.publish.report.charts import Chart, Plot

# Distinct for colour-blind readers (plotly's "Safe" palette, Paul Tol's), history in black.
PALETTE = (
    "#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288",
    "#AA4499", "#44AA99", "#999933", "#882255", "#661100", "#6699CC", "#888888",
)  # fmt: skip
HISTORY_COLOUR = "#222222"
SYMBOLS = ("circle", "x", "diamond", "square", "triangle-up")
PANEL_HEIGHT, SINGLE_HEIGHT = 330, 440


def panels(chart: Chart, df: pd.DataFrame) -> list[tuple[str, go.Figure]]:
    """The chart's figures with their panel titles (one untitled figure without a facet)."""
    plot = chart.plot
    colours = _colours(plot, df)
    if isinstance(plot.y, tuple):  # one panel per column, in the Plot's order
        titles = dict(plot.panel_titles)
        return [
            (titles.get(y, y), figure(chart, df.dropna(subset=[y]), y, colours))
            for y in plot.y
            if df[y].notna().any()
        ]
    if not plot.facet:
        return [("", figure(chart, df, plot.y, colours))]
    order = df.groupby(plot.facet)[plot.y].max().sort_values(ascending=False).index
    return [
        (str(name), figure(chart, df[df[plot.facet] == name], plot.y, colours)) for name in order
    ]


def figure(chart: Chart, df: pd.DataFrame, y: str, colours: dict) -> go.Figure:
    """One panel: a trace per `color` value, its y axis titled with the chart's units."""
    plot = chart.plot
    fig = go.Figure()
    groups = df.groupby(plot.color, sort=True) if plot.color else [(None, df)]
    for value, part in groups:
        part = _joined(plot, df, value, part.sort_values(plot.x))
        fig.add_trace(_trace(plot, y, part, value, colours.get(value)))
    percent = plot.percent or y.endswith("_frac")
    value_axis = {"title": {"text": chart.units}, "automargin": True}
    if percent:
        value_axis |= {"tickformat": ".2~%", "hoverformat": ".2%", "rangemode": "tozero"}
    if plot.log_y:
        value_axis |= {
            "type": "log",
            **_log_ticks(df[[y, plot.low, plot.high]] if plot.low else df[[y]]),
        }
    axis_of_values = fig.update_xaxes if plot.kind == "strip" else fig.update_yaxes
    axis_of_values(**value_axis)
    if plot.kind == "strip":
        fig.update_yaxes(automargin=True, tickangle=0)
    else:
        fig.update_xaxes(title={"text": _label(plot.x)}, automargin=True, tickangle=0)
        if plot.x == "year":  # whole years, no title
            fig.update_xaxes(title={"text": ""}, tickformat="d", **_year_ticks(df[plot.x]))
    fig.update_layout(
        height=PANEL_HEIGHT if plot.facet or isinstance(plot.y, tuple) else SINGLE_HEIGHT,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
        barmode="group",
        showlegend=plot.color is not None,  # a lone series too: every panel says what it is
        hovermode="closest",
    )
    return fig


def _trace(plot: Plot, y: str, part: pd.DataFrame, value, colour: str | None):
    name = "" if value is None else str(value)
    shown = part[list(plot.hover)].astype(object)
    hover = shown.where(shown.notna(), "").astype(str).to_numpy() if plot.hover else None
    template = "<br>".join(
        [f"{_label(plot.x)}: %{{x}}", f"{_label(y)}: %{{y}}"]
        + [f"{_label(h)}: %{{customdata[{i}]}}" for i, h in enumerate(plot.hover)]
    )
    common = {"name": name, "customdata": hover, "hovertemplate": template + "<extra></extra>"}
    if plot.kind == "strip":  # categories down the y axis: long labels read level
        return go.Box(
            x=part[y],
            y=part[plot.x].str.replace(", ", "<br>", regex=False),
            orientation="h",
            boxpoints="all",
            jitter=0.6,
            pointpos=0,
            fillcolor="rgba(0,0,0,0)",
            line={"color": "rgba(0,0,0,0)"},
            marker={"color": colour},
            hoveron="points",
            hovertemplate=(template + "<extra></extra>").replace("%{x}", "%{y}", 1),
            **{k: v for k, v in common.items() if k != "hovertemplate"},
        )
    if plot.kind == "bar":
        return go.Bar(x=part[plot.x], y=part[y], marker={"color": colour}, **common)
    marker: dict[str, object] = {"color": colour, "size": 7}
    if plot.symbol:
        kinds = sorted(part[plot.symbol].unique())
        marker["symbol"] = [SYMBOLS[kinds.index(k) % len(SYMBOLS)] for k in part[plot.symbol]]
        marker["size"] = [7 if k == kinds[0] else 11 for k in part[plot.symbol]]
    lines = plot.kind == "line" and value not in plot.markers_only
    dashed = plot.history is not None and value != plot.history
    scatter = go.Scatter(
        x=part[plot.x],
        y=part[y],
        mode="lines+markers" if lines else "markers",
        marker=marker,
        line={"color": colour, "dash": "dash" if dashed else "solid", "width": 2},
        **common,
    )
    if plot.low:  # error bars as distances from the value; a null bound draws none
        scatter.error_y = {
            "type": "data",
            "array": part[plot.high] - part[y],
            "arrayminus": part[y] - part[plot.low],
            "color": colour,
            "thickness": 1.5,
        }
    return scatter


def _joined(plot: Plot, panel: pd.DataFrame, value, part: pd.DataFrame) -> pd.DataFrame:
    """A projection's rows, starting from the panel's last historical point (so the two read
    as one line); other series as they are."""
    if plot.history is None or value in (plot.history, *plot.markers_only):
        return part
    history = panel[panel[plot.color] == plot.history].sort_values(plot.x)
    if history.empty or history[plot.x].iloc[-1] >= part[plot.x].min():
        return part
    joint = history.iloc[[-1]].assign(**{plot.color: value})
    if plot.low:  # the joint is history's point, not the projection's range
        joint = joint.assign(**{plot.low: float("nan"), plot.high: float("nan")})
    return pd.concat([joint, part])


def _colours(plot: Plot, df: pd.DataFrame) -> dict:
    """One colour per series across every panel; history black."""
    if not plot.color:
        return {}
    values = [v for v in sorted(df[plot.color].dropna().unique()) if v != plot.history]
    colours = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(values)}
    return colours | ({plot.history: HISTORY_COLOUR} if plot.history else {})


def _log_ticks(values: pd.DataFrame) -> dict:
    """At least three labelled ticks, the fewest of: powers of ten, 1-2-5 or finer steps,
    written out in full: plotly's default labels bare digits ("2", "5") between the powers,
    which a reader cannot place."""
    positive = values.stack()
    positive = positive[positive > 0]
    if positive.empty:
        return {}
    low, high = math.log10(positive.min()), math.log10(positive.max())
    for steps in ((1,), (1, 2, 5), (1, 1.5, 2, 3, 4, 5, 6, 8)):
        ticks = [
            m * 10.0**e
            for e in range(math.floor(low), math.ceil(high) + 1)
            for m in steps
            if low - 0.05 <= math.log10(m * 10.0**e) <= high + 0.05
        ]
        if len(ticks) >= 3:
            break
    return {"tickvals": ticks, "ticktext": [f"{t:,.0f}" if t >= 1 else f"{t:g}" for t in ticks]}


def _year_ticks(years: pd.Series) -> dict:
    """One tick a year over a few years (plotly would label half years), one year either side
    of a lone year."""
    first, last = int(years.min()), int(years.max())
    if last - first >= 6:
        return {}
    return {"dtick": 1} | ({"range": [first - 1, last + 1]} if first == last else {})


def _label(column: str) -> str:
    return column.replace("_", " ")
