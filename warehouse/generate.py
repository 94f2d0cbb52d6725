"""`python -m warehouse generate [--check]`: every generated file up to date, or with --check
(`make lint`) exit 1 naming the stale ones: ingest's (the dbt sources, the ISO seed:
ingest.generate) and the dbt source that describes the build's own records
(warehouse.publish.records). The lists the documentation site shows (sources, suites,
licences, knobs) are rendered when it is built (warehouse.serve.site)."""

from rich.console import Console

from ingest.generate import generate_all
from ingest.registry import load_registry
from ingest.settings import IngestSettings, use
from warehouse.publish import records


def generate(ingest: IngestSettings, check: bool) -> int:
    with use(ingest):
        return generate_all(
            load_registry(), check=check, console=Console(stderr=True), more=records.generated()
        )
