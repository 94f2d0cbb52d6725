"""The documentation site (`make docs`): built offline with no broken link or anchor and no
asset from the network, a dictionary page for every mart (generated, so a new mart needs no
edit), the generated lists filled in; and every cookbook query returns rows on a build."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from ingest.registry import load_registry
from tests.conftest import REPO, make, make_args, query
from warehouse.serve import site
from warehouse.steps import docs_inputs

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 directly
REQUIRED_TOPICS = {  # issue 23: the cookbook's topics
    "Data-centre load and shares",
    "AI scenarios",
    "Grids and hours",
    "Capacity",
    "Companies and cloud regions",
    "Claims",
    "Energy per query",
}


# The cookbook and the generator, without a build.


def test_cookbook_covers_the_topics_with_unique_ids():
    topics = site.cookbook()
    assert {t.title for t in topics} >= REQUIRED_TOPICS
    ids = [r.id for t in topics for r in t.recipes]
    assert len(ids) == len(set(ids)), "two cookbook queries share an id"
    assert len({t.id for t in topics}) == len(topics)
    for topic in topics:
        assert topic.recipes, topic.title
        for recipe in topic.recipes:
            assert recipe.question and re.match(r"(?is)^\s*(select|with)\b", recipe.sql), recipe.id


def test_a_new_mart_gets_its_page_with_no_edit(tmp_path):
    """A model under models/marts that nothing here names still gets a dictionary page."""
    doc = json.loads(MANIFEST_TEMPLATE)
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(doc))
    project = site.Project(manifest, None)
    [mart] = project.marts()
    assert (mart.name, mart.domain, mart.page) == (
        "fct_new__yearly_thing",
        "new",
        "dictionary/fct_new__yearly_thing.md",
    )
    page = site.mart_page(project, mart)
    assert "one row per `geography_code`, `year`" in page
    assert "| `thing_twh` | double | TWh | The thing, TWh |" in page
    assert "[`ember`](../sources.md#ember)" in page  # its lineage: dbt's, through staging
    assert "`not_null` on `thing_twh` (where `year > 2000`)" in page
    assert (
        "`row_checks`: unique `geography_code`, `year`; "
        "references `geography_code in dim_geography.geography_code`; "
        "ranges `thing_twh in [0, 9000]`, `year in (2000, inf)`; "
        "accepted values `unit in {TWh, GWh}`, `kind in {{ kinds() }}`; "
        "expressions `thing_twh <= total_twh`"
    ) in page
    # the contract's constraints, the column's in its row and the model's among the checks
    assert "| When | not null, check `year between 2000 and 2030` |" in page
    assert "- **Constraint**: check `year >= 2000 or year is null`" in page
    assert "no published warehouse" in page
    assert "[`fct_new__yearly_thing`](fct_new__yearly_thing.md)" in site.dictionary_index(project)


def test_notes_on_a_mart_are_found_by_their_headings(tmp_path):
    (tmp_path / "grid.md").write_text(
        "# Grid: `fct_a`\n\n## `fct_b` and `fct_c`: by the hour\n\nOn `fct_d` too.\n"
    )
    assert site.notes("fct_a", tmp_path) == [("Grid: fct_a", "notes/grid.md")]
    assert site.notes("fct_c", tmp_path) == [
        ("fct_b and fct_c: by the hour", "notes/grid.md#fct_b-and-fct_c-by-the-hour")
    ]
    assert site.notes("fct_d", tmp_path) == []  # named in the text, not in a heading


def test_no_manifest_is_a_clear_error(tmp_path):
    with pytest.raises(site.SiteError, match="no dbt manifest at .*make docs"):
        site.Project(tmp_path / "manifest.json", None)


def test_an_unknown_generated_block_is_an_error():
    with pytest.raises(site.SiteError, match="x.md: no generated block named 'nope'"):
        site.fill_blocks("a <!-- generated:nope --> b", "x.md", site.blocks())


# The site, built by `make docs` on the fixture build.


@pytest.fixture
def built_site(built_docs) -> Path:
    return built_docs


@pytest.mark.build
def test_every_mart_has_a_dictionary_page(built, built_site):
    marts = sorted(p.stem for p in (REPO / "models" / "marts").rglob("*.sql"))
    pages = sorted(p.stem for p in (built_site / "dictionary").glob("*.html") if p.stem != "index")
    assert pages == marts
    page = (built_site / "dictionary" / "fct_grid__yearly_carbon_intensity.html").read_text()
    rows = query(built, "select count(*) from marts.fct_grid__yearly_carbon_intensity")[0][0]
    for fragment in (
        "carbon_intensity_gco2e_per_kwh",  # a column, with its unit
        "gCO2e/kWh",
        f"{rows:,} in the published warehouse",
        'href="../sources.html#ember"',  # a source it is built from, with its licence
        "CC BY 4.0",
        "fct_grid__yearly_carbon_intensity.year_over_year.json",  # a GX suite that guards it
        "row_checks",  # a dbt test, its reference named
        "geography_code in dim_geography.geography_code",
        "dbt unit tests",
    ):
        assert fragment in page, fragment


@pytest.mark.build
def test_generated_lists_are_filled(built_site):
    sources = (built_site / "sources.html").read_text()
    for source_id in load_registry():
        assert f'id="{source_id}"' in sources, source_id
    assert "fct_grid__yearly_demand" in (built_site / "validation.html").read_text()
    assert "marts.dim_source_file" in (built_site / "licences.html").read_text()
    assert "demand_growth_world_frac_per_yr" in (built_site / "notes" / "dc-ai.html").read_text()
    for page in _site_pages(built_site):
        assert "<!-- generated:" not in page.read_text(), page


@pytest.mark.build
def test_dbt_docs_are_in_the_site_and_linked(built, built_site):
    dbt = built_site / "dbt" / "index.html"
    assert dbt.read_bytes() == (built.root / "target" / "static_index.html").read_bytes()
    assert 'href="dbt/index.html"' in (built_site / "index.html").read_text()


class _Page(HTMLParser):
    """The ids of a page, its links, and the assets it loads."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.assets = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids |= {attrs[k] for k in ("id", "name") if attrs.get(k)}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video") and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            self.assets.append(attrs["href"])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text())
    return page


def _site_pages(root: Path) -> dict[Path, _Page]:
    """Every page of the site but dbt's (its one-file app draws links from its JavaScript) and
    the 404 page (a server shows it at any path, so its links start at the site's root)."""
    return {
        p: _parse(p)
        for p in root.rglob("*.html")
        if p.parent.name != "dbt" and p.relative_to(root) != Path("404.html")
    }


def broken_links(root: Path) -> list[str]:
    pages = _site_pages(root)
    broken = []
    for path, page in pages.items():
        for href in page.links:
            url = urlsplit(href)
            if url.scheme or href.startswith("//"):
                continue  # a link out of the site: the reader's choice to follow
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            if not target.is_file():
                broken.append(f"{path.relative_to(root)}: {href} (no such file)")
            elif url.fragment and target in pages and url.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(root)}: {href} (no such anchor)")
    return broken


def remote_assets(root: Path) -> list[str]:
    remote = re.compile(r"^(https?:)?//", re.I)
    found = [
        f"{path.relative_to(root)}: {src}"
        for path in root.rglob("*.html")
        for src in _parse(path).assets
        if remote.match(src)
    ]
    css_url = re.compile(r"""(?:url\(\s*|@import\s+)['"]?((?:https?:)?//[^'")\s]+)""", re.I)
    for css in root.rglob("*.css"):
        found += [f"{css.relative_to(root)}: {u}" for u in css_url.findall(css.read_text())]
    return found


@pytest.mark.build
def test_no_broken_link_or_anchor(built_site):
    assert broken_links(built_site) == []
    assert len(_site_pages(built_site)) > 30  # the checker saw the site


@pytest.mark.build
def test_site_loads_nothing_from_the_network(built_site):
    assert remote_assets(built_site) == []


def test_the_checkers_find_what_they_look_for(tmp_path):
    (tmp_path / "a.html").write_text(
        '<h2 id="here">x</h2><a href="b.html">b</a><a href="a.html#gone">gone</a>'
        '<a href="#here">ok</a><a href="https://example.org/">out</a>'
        '<script src="https://cdn.example.org/x.js"></script><link rel="stylesheet" href="s.css">'
    )
    (tmp_path / "s.css").write_text(
        "@font-face{src:url(https://fonts.example.org/f.woff2)}"
        "a{background:url(\"data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'/>\")}"
    )
    assert broken_links(tmp_path) == [
        "a.html: b.html (no such file)",
        "a.html: a.html#gone (no such anchor)",
    ]
    assert remote_assets(tmp_path) == [
        "a.html: https://cdn.example.org/x.js",
        "s.css: https://fonts.example.org/f.woff2",
    ]


@pytest.mark.build
def test_a_broken_link_fails_the_site_build(built, built_site, tmp_path):
    """mkdocs --strict (as `make docs` runs it) stops on a link to a missing page or anchor."""
    page = built.repo / "docs" / "zz_broken.md"
    page.write_text("# Broken\n\n[gone](nowhere.md) and [no anchor](index.md#no-such-heading)\n")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", tmp_path / "s"],
            cwd=built.repo,
            capture_output=True,
            text=True,
        )
    finally:
        page.unlink()
    assert done.returncode != 0
    assert "nowhere.md" in done.stderr and "no-such-heading" in done.stderr


@pytest.mark.build
def test_docs_are_made_again_only_when_what_they_show_changed(built, built_site):
    """`make docs` with nothing changed since the last one does no work; a hand-written page,
    the registry or a newly published warehouse each make the site out of date."""
    page = built_site / "index.html"
    made = page.stat().st_mtime_ns
    again = make(built, "docs")
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stderr and page.stat().st_mtime_ns == made
    settings = replace(built.settings, registry_dir=built.registry)  # make_args' registry
    before = docs_inputs(settings)
    for path in (built.repo / "docs" / "index.md", built.registry / "ember.yml"):
        text = path.read_text()
        path.write_text(text + "\n")
        try:
            assert docs_inputs(settings) != before, path
        finally:
            path.write_text(text)
    assert docs_inputs(settings) == before
    stat = built.warehouse.stat()
    os.utime(built.warehouse, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # republished
    try:
        assert docs_inputs(settings) != before
    finally:
        os.utime(built.warehouse, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.mark.build
def test_docs_serve_serves_the_site_on_localhost(built, built_site):
    """`make docs-serve` (after `make docs`) answers on 127.0.0.1 with the site."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = make_args(built, "docs-serve", env={"DOCS_PORT": str(port)})
    server = subprocess.Popen(
        **run, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        page = _fetch(f"http://127.0.0.1:{port}/dictionary/index.html", server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # make and the server it started
        server.wait(timeout=30)
    assert "fct_grid__yearly_carbon_intensity" in page


def _fetch(url: str, server: subprocess.Popen, seconds: float = 240) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"docs-serve stopped: {server.stderr.read()}")
        try:
            with NO_PROXY.open(url, timeout=5) as answer:
                return answer.read().decode()
        except OSError:
            time.sleep(1)
    raise AssertionError(f"nothing served at {url} within {seconds} s")


# The cookbook against a build: fixture data, or the publishers' files where a query asks.


def _recipes():
    for topic in site.cookbook():
        for recipe in topic.recipes:
            marks = [pytest.mark.build] + ([pytest.mark.mirror] if recipe.mirror else [])
            yield pytest.param(recipe, id=recipe.id, marks=marks)


@pytest.mark.parametrize("recipe", _recipes())
def test_cookbook_query_returns_rows(recipe, request):
    ws = request.getfixturevalue("mirror_built" if recipe.mirror else "built")
    assert query(ws, recipe.sql), f"{recipe.id} returned no rows"


MANIFEST_TEMPLATE = json.dumps(
    {
        "nodes": {
            "model.ai_energy.fct_new__yearly_thing": {
                "resource_type": "model",
                "name": "fct_new__yearly_thing",
                "unique_id": "model.ai_energy.fct_new__yearly_thing",
                "original_file_path": "models/marts/new/fct_new__yearly_thing.sql",
                "patch_path": "ai_energy://models/marts/new/fct_new__yearly_thing.yml",
                "description": "A thing per geography and year. More words.",
                "contract": {"enforced": True},
                "constraints": [{"type": "check", "expression": "year >= 2000 or year is null"}],
                "depends_on": {"nodes": ["model.ai_energy.stg_ember__country_yearly"]},
                "columns": {
                    "geography_code": {"data_type": "varchar", "description": "Where"},
                    "year": {
                        "data_type": "integer",
                        "description": "When",
                        "constraints": [
                            {"type": "not_null"},
                            {"type": "check", "expression": "year between 2000 and 2030"},
                        ],
                    },
                    "thing_twh": {"data_type": "double", "description": "The thing, TWh"},
                },
            },
            "model.ai_energy.stg_ember__country_yearly": {
                "resource_type": "model",
                "name": "stg_ember__country_yearly",
                "unique_id": "model.ai_energy.stg_ember__country_yearly",
                "original_file_path": "models/staging/ember/stg_ember__country_yearly.sql",
                "depends_on": {"nodes": ["source.ai_energy.ember.country_yearly"]},
                "columns": {},
            },
            "test.ai_energy.grain": {
                "resource_type": "test",
                "name": "grain",
                "attached_node": "model.ai_energy.fct_new__yearly_thing",
                "depends_on": {"nodes": ["model.ai_energy.fct_new__yearly_thing"]},
                "config": {"where": None},
                "test_metadata": {
                    "name": "row_checks",
                    "kwargs": {
                        "unique": ["geography_code", "year"],
                        "references": [
                            {
                                "column": "geography_code",
                                "to": "ref('dim_geography')",
                                "field": "geography_code",
                            }
                        ],
                        "ranges": [
                            {"column": "thing_twh", "min_value": 0, "max_value": 9000},
                            {"column": "year", "min_value": 2000, "inclusive": False},
                        ],
                        "accepted_values": [
                            {"column": "unit", "values": ["TWh", "GWh"]},
                            {"column": "kind", "values": "{{ kinds() }}"},
                        ],
                        "expressions": ["thing_twh\n  <= total_twh"],
                        "model": "x",
                    },
                },
            },
            "test.ai_energy.when": {
                "resource_type": "test",
                "name": "when",
                "attached_node": "model.ai_energy.fct_new__yearly_thing",
                "depends_on": {"nodes": ["model.ai_energy.fct_new__yearly_thing"]},
                "config": {"where": "year > 2000"},
                "test_metadata": {
                    "name": "not_null",
                    "kwargs": {"column_name": "thing_twh", "model": "x"},
                },
            },
        },
        "sources": {
            "source.ai_energy.ember.country_yearly": {
                "source_name": "ember",
                "name": "country_yearly",
            },
        },
        "unit_tests": {},
    }
)
