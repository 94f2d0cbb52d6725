"""The registry itself: every source complete, pinned, documented and with a test fixture."""

import importlib
import re
import shutil

import pytest

from ingest import registry as registry_module
from ingest.paths import SOURCES_DIR
from ingest.registry import RegistryError, immutable_kind, landing_inputs, load_registry

SOURCES = load_registry()


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_source_is_complete(source_id):
    source = SOURCES[source_id]
    assert source.publisher and source.licence and source.homepage.startswith("https://")
    for file in source.files.values():
        if not source.live:  # a live API is pinned per run, to the snapshot it lands
            assert re.fullmatch(r"[0-9a-f]{64}", file.sha256), file.name
            assert file.bytes > 0
        assert file.url.startswith(("https://", "repo:")), file.url
        assert file.live_url.startswith(("https://", "repo:")), file.name
    if source.live:
        assert source.live.key_env and source.live.fallback
    used = {name for t in source.tables.values() for name in t.files}
    assert used == set(source.files), "every file feeds a table"
    importlib.import_module(f"tests.fixtures.{source_id}")  # a fixture writer exists


TABLES = [t for s in SOURCES.values() for t in s.tables.values()]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.qualified_name)
def test_table_parser_schema_and_column_docs(table):
    assert callable(table.parse_fn())
    schema = table.schema_model().to_schema()
    assert schema.unique, "a raw table declares its key (Config.unique)"
    undocumented = [n for n, c in schema.columns.items() if not c.description]
    assert not undocumented, f"columns without a description: {undocumented}"
    assert table.description


PINNED = [(s.id, f) for s in SOURCES.values() if not s.live for f in s.files.values()]


@pytest.mark.parametrize("source_id, file", PINNED, ids=lambda x: getattr(x, "name", x))
def test_pinned_url_is_immutable(source_id, file):
    """A pin is only reproducible from an address whose bytes never change: a file at a git
    commit, a versioned package, a DOI. The publisher's "latest" address goes in live_url."""
    assert immutable_kind(file.url), f"{source_id}/{file.name}: {file.url} can change"
    if file.archive:
        assert re.fullmatch(r"[0-9a-f]{64}", file.archive.sha256) and file.archive.bytes > 0


@pytest.mark.parametrize(
    "url",
    [
        "https://www.eia.gov/totalenergy/data/browser/csv.php?tbl=T07.02A",
        "https://raw.githubusercontent.com/mlco2/codecarbon/v3.3.2/codecarbon/data/x.json",
        "https://raw.githubusercontent.com/owner/repo/HEAD/data.csv",
        "https://epoch.ai/data/gpu-clusters",
    ],
)
def test_mutable_kinds_are_refused(url):
    assert immutable_kind(url) is None


@pytest.mark.parametrize(
    "edit, message",
    [
        (("    sha256: 17591e26", "    sha: 17591e26"), "file MEC02.csv: missing field 'sha256'"),
        (("    live_url: https://ws", "    live: https://ws"), "missing field 'live_url'"),
        (("publisher: Central", "publishr: Central"), "top level: missing field 'publisher'"),
        (("    parser: parse_mec02\n", ""), "table mec02: missing field 'parser'"),
    ],
)
def test_missing_field_names_the_file_and_the_field(tmp_path, edit, message):
    shutil.copy(SOURCES_DIR / "cso.yml", tmp_path / "cso.yml")
    path = tmp_path / "cso.yml"
    text = path.read_text()
    assert edit[0] in text
    path.write_text(text.replace(*edit))
    with pytest.raises(RegistryError) as info:
        load_registry(tmp_path)
    assert str(path) in str(info.value) and message in str(info.value)


def names(paths) -> set[str]:
    return {f"{p.parent.name}/{p.name}" for p in paths}


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_landing_depends_on_what_parses_and_checks_it(source_id):
    inputs = names(landing_inputs(source_id))
    assert {f"sources/{source_id}.py", "ingest/land.py", "ingest/readers.py"} <= inputs
    # the CLI, the generator, the pins and the probes do not change what lands
    for module in ("cli", "generate", "pins", "probe", "keep_going", "__main__"):
        assert f"ingest/{module}.py" not in inputs


def test_seeds_a_schema_checks_against_are_inputs_and_only_those():
    assert "seeds/geography_iso3166.csv" in names(landing_inputs("ember"))  # country codes
    assert not any(n.startswith("seeds/") for n in names(landing_inputs("eia_mer")))


def test_an_edited_seed_relands_the_tables_that_check_against_it(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    shutil.copytree(registry_module.SEEDS_DIR, seeds)
    monkeypatch.setattr(registry_module, "SEEDS_DIR", seeds)
    landing_inputs.cache_clear()
    try:
        ember, mer = SOURCES["ember"], SOURCES["eia_mer"]
        before = [s.fingerprint(t) for s in (ember, mer) for t in s.tables.values()]
        aliases = seeds / "geography_aliases.csv"
        aliases.write_text(aliases.read_text() + "ember,Atlantis,WORLD,test row\n")
        after = [s.fingerprint(t) for s in (ember, mer) for t in s.tables.values()]
    finally:
        landing_inputs.cache_clear()
    n_ember = len(ember.tables)
    assert all(b != a for b, a in zip(before[:n_ember], after[:n_ember], strict=True))
    assert before[n_ember:] == after[n_ember:]


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_geography_seeds_are_read_only_through_ingest_geography(source_id):
    text = (SOURCES_DIR / f"{source_id}.py").read_text()
    assert "SEEDS_DIR" not in text and "geography_iso3166" not in text


def test_every_grid_intensity_has_the_shared_bound():
    from ingest.checks import MAX_GRID_INTENSITY_GCO2E_PER_KWH

    bounded = []
    for table in TABLES:
        for name, column in table.schema_model().to_schema().columns.items():
            if "intensity" in name and name.endswith("_per_kwh"):
                maxima = [c.statistics.get("max_value") for c in column.checks]
                assert any(m is not None and m <= MAX_GRID_INTENSITY_GCO2E_PER_KWH for m in maxima)
                bounded.append(name)
    assert len(bounded) > 10
