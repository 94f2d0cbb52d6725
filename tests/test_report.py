"""The report and the dbt docs open in headless Chromium (Debian's chromium and
chromium-driver; .ci/run installs them) offline: every chart whose marts the build has drew,
the page asked for nothing over the network, and logged no error."""

import json
import tempfile
from pathlib import Path

import pytest

from tests.conftest import make, query
from warehouse.report import CHARTS

pytestmark = pytest.mark.build
CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

# For each chart section: [id, traces plotly meant to draw, trace groups in the SVG, marks]
DRAWN = """
return [...document.querySelectorAll('section.chart')].map(section => {
  const plot = section.querySelector('.js-plotly-plot');
  if (!plot || !plot._fullData) return [section.id, -1, 0, 0];
  const traces = plot._fullData.filter(t => t.visible === true).length;
  return [section.id, traces, plot.querySelectorAll('.trace').length,
          plot.querySelectorAll('.point, .js-line').length];
});"""


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run does it)")
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
    tables = {t for (t,) in query(ws, "select table_name from duckdb_tables()")}
    ready = [c.id for c in CHARTS if c.draw and set(c.marts) <= tables]
    return ready, [c.id for c in CHARTS if c.id not in ready]


def check_report(ws, browser) -> list[list]:
    page = ws.exports / "report" / "index.html"
    ready = "return document.readyState === 'complete' && window.Plotly !== undefined"
    requested, errors = open_page(browser, page, ready)
    assert requested == [], f"the report asked for {requested}"
    assert errors == [], errors
    drawn = browser.execute_script(DRAWN)
    expected, waiting = _charts_expected(ws)
    assert [d[0] for d in drawn] == expected
    for chart, traces, groups, marks in drawn:
        assert traces > 0 and groups >= traces and marks > 0, (chart, traces, groups, marks)
    listed = browser.execute_script(
        "return [...document.querySelectorAll('[data-waiting]')].map(e => e.dataset.waiting)"
    )
    assert listed == waiting
    return drawn


def test_report_draws_every_chart_offline(built, browser):
    drawn = check_report(built, browser)
    assert {"grid_intensity_dc_countries", "capacity_additions"} <= {d[0] for d in drawn}


def test_report_names_each_charts_sources_and_vintage(built):
    page = (built.exports / "report" / "index.html").read_text(encoding="utf-8")
    (vintage,) = query(
        built, "select vintage from marts.dim_source where source_id = 'ember.country_yearly'"
    )[0]
    grid = page.split('id="grid_intensity_dc_countries"')[1].split("</section>")[0]
    assert "Ember" in grid and f"vintage: {vintage}" in grid and "from marts.fct_grid" in grid
    assert "http" not in page.split("<script>")[0]  # no stylesheet or font from elsewhere
    assert 'src="http' not in page and "<link" not in page


@pytest.mark.mirror
def test_report_on_the_publishers_files(mirror_built, browser):
    drawn = check_report(mirror_built, browser)
    assert len(drawn) == len(_charts_expected(mirror_built)[0]) >= 4


def test_dbt_docs_open_offline(built, browser):
    result = make(built, "docs")
    assert result.returncode == 0, result.stderr
    page = built.root / "target" / "static_index.html"
    model = "#!/model/model.ai_energy.fct_grid__yearly_carbon_intensity"
    ready = "return document.body.innerText.includes('Yearly grid carbon intensity with demand')"
    requested, _ = open_page(browser, page, ready, model)
    # dbt's page asks for its icons by unrendered template paths (file:, not found): no network
    assert [url for url in requested if not url.startswith("file:")] == []


def test_a_chart_whose_query_fails_names_the_chart(built, tmp_path, monkeypatch):
    import warehouse.report as report

    broken = report.Chart(
        id="broken",
        title="A chart on a column that went away",
        marts=("fct_grid__yearly_carbon_intensity",),
        caption="",
        sql="select no_such_column, source_id from marts.fct_grid__yearly_carbon_intensity",
        draw=lambda df: None,
    )
    monkeypatch.setattr(report, "CHARTS", (broken,))
    build = {"data_version": "v", "built_at": "now"}
    with pytest.raises(report.ReportError, match="chart broken .*no_such_column"):
        report.write_report(built.exports / "warehouse.duckdb", tmp_path / "index.html", build)
    assert not (tmp_path / "index.html").exists()
