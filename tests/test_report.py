"""The report and the dbt docs open in headless Chromium (Debian's chromium and
chromium-driver; `make system-deps` installs them) offline: every chart whose marts the build
has drew, the page asked for nothing over the network, and logged no error."""

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, needs_system, query
from warehouse.publish.report import CHARTS

pytestmark = pytest.mark.build
CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

# For each chart section: its id, the rows its query found, the traces plotly meant to draw,
# the trace groups and marks (points, lines, bars) in the SVG, the y axis title, the rows of
# its HTML table, and whether it says it has no rows.
DRAWN = """
return [...document.querySelectorAll('section.chart')].map(section => {
  const plot = section.querySelector('.js-plotly-plot');
  const drawn = plot && plot._fullData;
  return {
    id: section.id,
    rows: Number(section.dataset.rows),
    traces: drawn ? plot._fullData.filter(t => t.visible === true).length : 0,
    groups: drawn ? plot.querySelectorAll('.trace').length : 0,
    marks: drawn ? plot.querySelectorAll('.point, .js-line').length : 0,
    y_title: drawn ? plot._fullLayout.yaxis.title.text : null,
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


def open_page(driver, page: Path, ready: str, fragment="") -> tuple[list[str], list[dict]]:
    """Open `page`, wait until the JavaScript `ready` is true; returns the URLs it requested
    besides itself (and data: URIs) and what it logged as errors."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("performance"), driver.get_log("browser")  # start clean
    driver.get(page.as_uri() + fragment)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(ready))
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
            assert chart["marks"] > 0 and chart["y_title"] == units[chart["id"]], chart
    listed = browser.execute_script(
        "return [...document.querySelectorAll('[data-waiting]')].map(e => e.dataset.waiting)"
    )
    assert listed == waiting
    return drawn


def test_report_draws_every_chart_offline(built, browser):
    drawn = {d["id"]: d for d in check_report(built, browser)}
    for chart in ("grid_intensity_dc_countries", "capacity_additions"):
        assert drawn[chart]["rows"] > 0 and drawn[chart]["marks"] > 0


def test_report_names_each_charts_sources_and_vintage(built):
    page = (built.exports / "report" / "index.html").read_text(encoding="utf-8")
    (vintage,) = query(
        built, "select vintage from marts.dim_source where source_id = 'ember.country_yearly'"
    )[0]
    grid = section(page, "grid_intensity_dc_countries")
    assert "Ember" in grid and f"vintage: {vintage}" in grid and "from marts.fct_grid" in grid
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
        marts=("fct_grid__yearly_carbon_intensity",),
        units="gCO2e per kWh",
        note="",
        sql="select no_such_column, source_id from marts.fct_grid__yearly_carbon_intensity",
        plot=Plot(kind="line", x="year", y="no_such_column"),
    )
    with pytest.raises(ReportError, match="chart broken .*no_such_column"):
        write_only(monkeypatch, built.exports / "warehouse.duckdb", tmp_path / "index.html", broken)
    assert not (tmp_path / "index.html").exists()


def test_a_chart_whose_mart_is_empty_says_so(built, tmp_path):
    """An empty mart leaves a plain note in its chart's place; the other charts still draw."""
    import duckdb

    from warehouse.publish.report import write_report

    snapshot = tmp_path / "warehouse.duckdb"
    shutil.copy(built.exports / "warehouse.duckdb", snapshot)
    with duckdb.connect(str(snapshot)) as con:
        con.execute("delete from marts.fct_grid__yearly_carbon_intensity")
    write_report(snapshot, tmp_path / "index.html", BUILD)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    grid = section(page, "grid_intensity_dc_countries")
    assert 'data-rows="0"' in grid and 'class="empty"' in grid and "plotly-graph-div" not in grid
    capacity = section(page, "capacity_additions")
    assert 'class="empty"' not in capacity and "plotly-graph-div" in capacity


def test_a_range_is_drawn_as_error_bars_from_low_to_high():
    import pandas as pd

    from warehouse.publish.report import Chart, Plot, draw

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
    fig = draw(Chart("c", "t", (), "TWh a year", "", "", plot), rows)
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
        marts=("dim_source",),
        units="none",
        note="",
        sql="select source_id, publisher, rows_landed from marts.dim_source order by source_id",
        plot=Plot(kind="table", columns=("publisher", "source_id")),
    )
    write_only(monkeypatch, built.exports / "warehouse.duckdb", tmp_path / "index.html", table)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    rows = query(built, "select publisher, source_id from marts.dim_source order by source_id")
    html_rows = section(page, "sources").split("<tr>")[2:]
    assert len(html_rows) == len(rows) > 0
    assert "<th>publisher</th><th>source_id</th>" in page  # the Plot's columns, in order
    assert f"<td>{rows[0][1]}</td></tr>" in html_rows[0]
