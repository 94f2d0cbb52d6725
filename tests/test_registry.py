"""The registry itself: every source complete, pinned, documented and with a test fixture."""

import importlib
import re

import pytest

from ingest.registry import load_registry

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
