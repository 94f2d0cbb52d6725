"""The report and the dbt docs open in headless Chromium (Debian's chromium and
chromium-driver; `make system-deps` installs them) offline: every chart whose marts the build
has drew, the page asked for nothing over the network, and logged no error."""

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from markupsafe import escape as html_escape

from tests.conftest import REPO, kept, needs_system, query
from warehouse.publish.report import CHARTS

pytestmark = pytest.mark.build
CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

# For each chart section: its id, the rows its model holds, the traces plotly meant to draw
# (over its panels), the trace groups and marks (points, lines, bars) in the SVG, the titles of
# the axes, the most series in one panel, the rows of its HTML table, and whether it says it
# has no rows.
DRAWN = """
return [...document.querySelectorAll('section.chart')].map(section => {
  const plots = [...section.querySelectorAll('.js-plotly-plot')].filter(p => p._fullData);
  const visible = p => p._fullData.filter(t => t.visible === true);
  const perPanel = p => {
    const panels = {};
    visible(p).forEach(t => { const k = (t.xaxis || 'x') + (t.yaxis || 'y');
                              panels[k] = (panels[k] || 0) + 1; });
    return Math.max(0, ...Object.values(panels));
  };
  return {
    id: section.id,
    rows: Number(section.dataset.rows),
    panels: plots.length,
    traces: plots.reduce((n, p) => n + visible(p).length, 0),
    groups: plots.reduce((n, p) => n + p.querySelectorAll('.trace').length, 0),
    marks: plots.reduce((n, p) => n + p.querySelectorAll('.point, .js-line').length, 0),
    axis_titles: [...new Set(plots.flatMap(p =>
      [p._fullLayout.xaxis.title.text, p._fullLayout.yaxis.title.text]))],
    most_series: Math.max(0, ...plots.map(perPanel)),
    table_rows: Math.max(0, section.querySelectorAll('table.data tr').length - 1),
    empty_note: section.querySelector('.empty') !== null,
  };
});"""


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.skip(needs_system("chromium", "chromium-driver"))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory() as profile:
        for flag in (
            "--headless",
            "--no-sandbox",  # as root
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
            "--window-size=1200,900",
        ):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def open_page(driver, page: Path, ready: str, fragment="", wait=60) -> tuple[list[str], list[dict]]:
    """Open `page`, wait until the JavaScript `ready` is true; returns the URLs it requested
    besides itself (and data: URIs) and what it logged as errors."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("performance"), driver.get_log("browser")  # start clean
    driver.get(page.as_uri() + fragment)
    WebDriverWait(driver, wait).until(lambda d: d.execute_script(ready))
    requested = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page.as_uri() and not url.startswith(("data:", "chrome:", "blob:")):
                requested.append(url)
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return requested, errors


def _charts_expected(ws) -> tuple[list[str], list[str]]:
    """The charts whose marts the build holds, and those waiting for theirs."""
    tables = {t for (t,) in query(ws, "select table_name from duckdb_tables()")}
    ready = [c.id for c in CHARTS if set(c.marts) <= tables]
    return ready, [c.id for c in CHARTS if c.id not in ready]


def check_report(ws, browser) -> list[dict]:
    """Every chart whose marts the build holds is on the page: drawn with marks and its units
    on the y axis (or as a table with rows), or, where its query found no rows, a note
    saying so; the page requested nothing and logged no error. Returns the charts."""
    page = ws.exports / "report" / "index.html"
    ready = "return document.readyState === 'complete' && window.Plotly !== undefined"
    requested, errors = open_page(browser, page, ready)
    assert requested == [], f"the report asked for {requested}"
    assert errors == [], errors
    drawn = browser.execute_script(DRAWN)
    expected, waiting = _charts_expected(ws)
    assert [d["id"] for d in drawn] == expected
    units = {c.id: c.units for c in CHARTS}
    for chart in drawn:
        table = next(c for c in CHARTS if c.id == chart["id"]).plot.kind == "table"
        if chart["rows"] == 0:
            assert chart["empty_note"] and chart["traces"] == chart["table_rows"] == 0, chart
        elif table:
            assert chart["table_rows"] == chart["rows"] and not chart["empty_note"], chart
        else:
            assert chart["traces"] > 0 and chart["groups"] >= chart["traces"], chart
            assert chart["marks"] > 0 and units[chart["id"]] in chart["axis_titles"], chart
    listed = browser.execute_script(
        "return [...document.querySelectorAll('[data-waiting]')].map(e => e.dataset.waiting)"
    )
    assert listed == waiting
    return drawn


def test_report_draws_every_chart_offline(built, browser):
    drawn = {d["id"]: d for d in check_report(built, browser)}
    for chart in ("grid_intensity_dc_countries", "capacity_additions"):
        assert drawn[chart]["rows"] > 0 and drawn[chart]["marks"] > 0


def test_each_chart_shows_the_rows_an_analyst_gets(built):
    """A chart's row count is its mart's (with the chart's filter): the page draws what
    `select * from marts.<model> where ...` returns, and shows that query."""
    from warehouse.publish.report import data

    page = (built.exports / "report" / "index.html").read_text(encoding="utf-8")
    ready, _ = _charts_expected(built)
    for chart in (c for c in CHARTS if c.id in ready):
        (count,) = query(built, data.query(chart).replace("select *", "select count(*)", 1))[0]
        html = section(page, chart.id)
        assert f'data-rows="{count}"' in html, chart.id
        assert html_escape(data.query(chart)) in html, chart.id


def test_the_france_section_answers_with_sources(built):
    """Issue 20: the France part of the page, each chart naming its sources; the answer's
    table lists every row of the France mart, in the answer's order."""
    page = (built.exports / "report" / "index.html").read_text(encoding="utf-8")
    assert '<h2 class="part">France, and Europe beside it</h2>' in page
    rows = query(built, "select count(*) from marts.fct_dc__yearly_france_answer")[0][0]
    answer = section(page, "france_answer")
    assert f'data-rows="{rows}"' in answer and answer.count("<tr>") == rows > 0
    parts = [p.split("<")[0] for p in answer.split('<td data-label="answer part">')[1:]]
    assert parts[0] == "load_now" and parts[-1] == "europe_beside"
    for chart in ("france_dc_load", "france_dc_share", "france_answer"):
        assert "Sources:" in section(page, chart), chart


def test_report_names_each_charts_sources_and_vintage(built):
    page = (built.exports / "report" / "index.html").read_text(encoding="utf-8")
    (vintage,) = query(
        built, "select vintage from marts.dim_source where source_id = 'ember.country_yearly'"
    )[0]
    grid = section(page, "grid_intensity_dc_countries")
    assert "Ember" in grid and f"vintage: {vintage}" in grid
    assert "select * from marts.rpt_grid__intensity_dc_countries" in grid  # the model it reads
    assert "http" not in page.split("<script>")[0]  # no stylesheet or font from elsewhere
    assert 'src="http' not in page and "<link" not in page


@pytest.mark.mirror
def test_report_on_the_publishers_files(mirror_built, browser):
    """On the publishers' files every chart of the registry is there, with data."""
    drawn = check_report(mirror_built, browser)
    assert [d["id"] for d in drawn] == [c.id for c in CHARTS]
    assert [d["id"] for d in drawn if d["rows"] == 0] == []


def test_dbt_docs_open_offline(built, built_docs, browser):
    page = built.root / "target" / "static_index.html"
    name = "fct_grid__yearly_carbon_intensity"
    yml = yaml.safe_load((REPO / "models" / "marts" / "grid" / f"{name}.yml").read_text())
    opening = " ".join(yml["models"][0]["description"].split()[:5])  # the page renders it
    model = f"#!/model/model.ai_energy.{name}"
    ready = f"return document.body.innerText.includes({json.dumps(opening)})"
    requested, _ = open_page(browser, page, ready, model)
    # dbt's page asks for its icons by unrendered template paths (file:, not found): no network
    assert [url for url in requested if not url.startswith("file:")] == []


BUILD = {"data_version": "v", "built_at": "now"}


def write_only(monkeypatch, snapshot: Path, page: Path, chart) -> None:
    """Write the report of one chart, as if the registry held it alone."""
    import warehouse.publish.report as report

    monkeypatch.setattr(report, "CHARTS", (chart,))
    report.write_report(snapshot, page, BUILD)


def section(page: str, chart_id: str) -> str:
    return page.split(f'id="{chart_id}"')[1].split("</section>")[0]


def test_a_chart_whose_query_fails_names_the_chart(built, tmp_path, monkeypatch):
    from warehouse.errors import ReportError
    from warehouse.publish.report import Chart, Plot

    broken = Chart(
        id="broken",
        title="A chart on a column that went away",
        model="fct_grid__yearly_carbon_intensity",
        units="gCO2e per kWh",
        note="",
        plot=Plot(kind="line", x="year", y="no_such_column"),
    )
    with pytest.raises(
        ReportError,
        match="chart broken .*fct_grid__yearly_carbon_intensity has no column no_such_column",
    ):
        write_only(monkeypatch, built.exports / "warehouse.duckdb", tmp_path / "index.html", broken)
    assert not (tmp_path / "index.html").exists()


def test_a_chart_whose_mart_is_empty_says_so(built, tmp_path):
    """An empty mart leaves a plain note in its chart's place; the other charts still draw."""
    import duckdb

    from warehouse.publish.report import write_report

    snapshot = tmp_path / "warehouse.duckdb"
    shutil.copy(built.exports / "warehouse.duckdb", snapshot)
    with duckdb.connect(str(snapshot)) as con:
        con.execute("delete from marts.rpt_grid__intensity_dc_countries")
    write_report(snapshot, tmp_path / "index.html", BUILD)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    grid = section(page, "grid_intensity_dc_countries")
    assert 'data-rows="0"' in grid and 'class="empty"' in grid and "plotly-graph-div" not in grid
    capacity = section(page, "capacity_additions")
    assert 'class="empty"' not in capacity and "plotly-graph-div" in capacity


def test_the_charts_are_drawn_beside_the_export_files(built, tmp_path, monkeypatch):
    """export.write draws the report's charts in a thread while it writes the files
    (report.drawing_ahead), from the build database: the report finds every drawing in its
    cache, and the page is the one drawn afresh from the snapshot."""
    import threading

    from warehouse.publish import export, report
    from warehouse.publish.lineage import Manifest

    drawn_in_main: list[bool] = []
    real = report._draw

    def draw(chart, df):
        drawn_in_main.append(threading.current_thread() is threading.main_thread())
        return real(chart, df)

    monkeypatch.setattr(report, "_draw", draw)
    out = tmp_path / "exports"
    out.mkdir()
    with kept(built):
        shutil.rmtree(built.root / "target" / "report-cache", ignore_errors=True)
        build = export.write(built.settings.build_db, Manifest(built.settings.manifest), out)
    assert drawn_in_main and not any(drawn_in_main)
    report.write_report(out / "warehouse.duckdb", tmp_path / "fresh.html", build)
    assert (tmp_path / "fresh.html").read_bytes() == (out / "report" / "index.html").read_bytes()


def test_a_chart_is_drawn_again_only_when_its_rows_changed(built, tmp_path):
    """With a cache (a build's), the page is the same bytes as one drawn afresh; after one
    mart's rows change, its chart alone is drawn again."""
    import duckdb

    from warehouse.publish.report import write_report

    snapshot, cache = tmp_path / "warehouse.duckdb", tmp_path / "cache"
    shutil.copy(built.exports / "warehouse.duckdb", snapshot)

    def pages() -> tuple[bytes, bytes, dict[str, int]]:
        write_report(snapshot, tmp_path / "fresh.html", BUILD)
        write_report(snapshot, tmp_path / "cached.html", BUILD, cache)
        drawn = {p.stem: p.stat().st_mtime_ns for p in cache.glob("*.json")}
        return (
            (tmp_path / "fresh.html").read_bytes(),
            (tmp_path / "cached.html").read_bytes(),
            drawn,
        )

    fresh, cached, first = pages()
    assert cached == fresh and "capacity_additions" in first
    with duckdb.connect(str(snapshot)) as con:
        con.execute(
            "update marts.rpt_capacity__additions_vs_dc_load set capacity_gw = capacity_gw + 1"
        )
    fresh, cached, second = pages()
    assert cached == fresh
    assert {c for c in first if second[c] != first[c]} == {"capacity_additions"}


def test_a_range_is_drawn_as_error_bars_from_low_to_high():
    import pandas as pd

    from warehouse.publish.report import Chart, Plot, panels

    rows = pd.DataFrame(
        {
            "year": [2024, 2030, 2030],
            "place": ["World", "World", "USA"],
            "low_twh": [None, 700.0, 300.0],
            "value_twh": [415.0, 945.0, 426.0],
            "high_twh": [None, 1260.0, 580.0],
        }
    )
    plot = Plot(kind="line", x="year", y="value_twh", color="place", low="low_twh", high="high_twh")
    [(title, fig)] = panels(Chart("c", "t", "m", "TWh a year", "", plot), rows)
    world = next(t for t in fig.data if t.name == "World")
    assert list(world.error_y.array[1:]) == [315.0]  # high - value
    assert list(world.error_y.arrayminus[1:]) == [245.0]  # value - low
    assert pd.isna(world.error_y.array[0])  # no range published: no bar
    assert fig.layout.yaxis.title.text == "TWh a year"


def test_a_table_chart_lists_its_rows(built, tmp_path, monkeypatch):
    from warehouse.publish.report import Chart, Plot

    table = Chart(
        id="sources",
        title="Sources",
        model="dim_source",
        units="none",
        note="",
        plot=Plot(kind="table", columns=("publisher", "source_id")),
        shape=lambda df: df.sort_values("source_id"),
    )
    write_only(monkeypatch, built.exports / "warehouse.duckdb", tmp_path / "index.html", table)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    rows = query(built, "select publisher, source_id from marts.dim_source order by source_id")
    html_rows = section(page, "sources").split("<tr>")[1:]  # the header is <tr class="head">
    assert len(html_rows) == len(rows) > 0
    assert (
        '<th data-label="publisher">publisher</th><th data-label="source_id">' in page
    )  # in order
    assert f'<td data-label="source id">{rows[0][1]}</td></tr>' in html_rows[0]


def test_a_projection_starts_from_history_and_is_dashed():
    """Each scenario's line starts at history's last point, dashed; history is solid; a
    range drawn as points only is not joined; colours hold across panels."""
    import pandas as pd

    from warehouse.publish.report import Chart, Plot, panels

    rows = pd.DataFrame(
        {
            "place": ["World"] * 5 + ["USA"] * 3,
            "series": ["historical", "historical", "base", "lift_off", "published range",
                       "historical", "base", "base"],
            "year": [2023, 2024, 2030, 2030, 2030, 2024, 2025, 2030],
            "twh": [400.0, 415.0, 945.0, 1200.0, 900.0, 180.0, 200.0, 420.0],
        }
    )  # fmt: skip
    plot = Plot(kind="line", x="year", y="twh", color="series", facet="place",
                history="historical", markers_only=("published range",))  # fmt: skip
    drawn = dict(panels(Chart("c", "t", "m", "TWh", "", plot), rows))
    assert list(drawn) == ["World", "USA"]  # biggest first
    world = {t.name: t for t in drawn["World"].data}
    assert list(world["base"].x) == [2024, 2030] and list(world["base"].y) == [415.0, 945.0]
    assert world["base"].line.dash == "dash" and world["historical"].line.dash == "solid"
    assert list(world["published range"].x) == [2030] and world["published range"].mode == "markers"
    usa = {t.name: t for t in drawn["USA"].data}
    assert list(usa["base"].x) == [2024, 2025, 2030]
    assert usa["base"].line.color == world["base"].line.color != world["lift_off"].line.color


# The page at a glance (issue 23): at a desktop and a phone width, no panel holds more than
# MAX_SERIES series, nothing is wider than the window, no table scrolls in a box of its own,
# the cloud chart's labels read level, every company is in the company chart. Screenshots of
# the whole page are kept under pytest's tmp dir (the path is printed) for a person to look at.
MAX_SERIES = 8
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
LAYOUT = r"""
const boxed = [...document.querySelectorAll('table')].filter(t => {
  for (let e = t; e; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (e.scrollHeight > e.clientHeight + 1 && /(auto|scroll)/.test(style.overflowY)) return true;
    if (e.scrollWidth > e.clientWidth + 1 && /(auto|scroll)/.test(style.overflowX)) return true;
  }
  return false;
}).length;
const cloud = document.querySelector('#cloud_region_intensity .js-plotly-plot');
const rotated = cloud ? [...cloud.querySelectorAll('.ytick text, .xtick text')]
  .filter(t => /rotate\((?!0)/.test(t.getAttribute('transform') || '')).length : 0;
const company = document.querySelector('#company_footprint');
return {
  page_width: document.documentElement.scrollWidth,
  window_width: window.innerWidth,
  boxed_tables: boxed,
  rotated_labels: rotated,
  companies: company ? [...new Set([...company.querySelectorAll('.js-plotly-plot')]
    .flatMap(p => p._fullData.map(t => t.name)))] : [],
};"""


def check_layout(ws, browser, shots: Path) -> list[Path]:
    """The page at each width of WIDTHS; returns the screenshots taken (the whole page, in
    pieces of at most SHOT_HEIGHT pixels: Chromium fails on taller ones)."""
    page = ws.exports / "report" / "index.html"
    ready = "return document.readyState === 'complete' && window.Plotly !== undefined"
    companies = {
        c for (c,) in query(ws, "select distinct company from marts.rpt_company__footprint")
    }
    taken = []
    try:
        for name, (width, height) in WIDTHS.items():
            browser.set_window_size(width, height)
            open_page(browser, page, ready, wait=300)  # some 50 plots: slow on a busy machine
            drawn = browser.execute_script(DRAWN)
            crowded = {d["id"]: d["most_series"] for d in drawn if d["most_series"] > MAX_SERIES}
            assert crowded == {}, f"{name}: panels with more than {MAX_SERIES} series"
            layout = browser.execute_script(LAYOUT)
            assert layout["page_width"] <= layout["window_width"], (name, layout)
            assert layout["boxed_tables"] == 0 and layout["rotated_labels"] == 0, (name, layout)
            assert set(layout["companies"]) == companies, (name, layout["companies"])
            taken += _screenshots(browser, shots, name, width)
    finally:
        browser.set_window_size(1200, 900)
    print("report screenshots:", *taken)
    return taken


SHOT_HEIGHT = 8000


def _screenshots(browser, shots: Path, name: str, width: int) -> list[Path]:
    full = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(full, SHOT_HEIGHT))
    taken = []
    for i, top in enumerate(range(0, full, SHOT_HEIGHT)):
        browser.execute_script(f"window.scrollTo(0, {top})")
        taken.append(shots / f"report-{name}-{i + 1}.png")
        assert browser.save_screenshot(str(taken[-1])), taken[-1]
    return taken


@pytest.mark.slow  # Chromium's pages: waits, best beside other work than last
def test_report_reads_at_a_glance(built, browser, tmp_path):
    shots = check_layout(built, browser, tmp_path)
    assert shots and all(p.stat().st_size > 10_000 for p in shots)


@pytest.mark.mirror
def test_report_reads_at_a_glance_on_the_publishers_files(mirror_built, browser, tmp_path):
    companies = query(
        mirror_built, "select count(distinct company) from marts.rpt_company__footprint"
    )
    assert companies[0][0] >= 6  # Meta and Oracle too
    shots = check_layout(mirror_built, browser, tmp_path)
    assert shots and all(p.stat().st_size > 10_000 for p in shots)
