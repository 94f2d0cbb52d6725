"""`python -m warehouse generate [--check]`: every generated file up to date, or with --check
(`make lint`) exit 1 naming the stale ones. Ingest's (the dbt sources, the ISO seed, the
README's source and licence lists: ingest.generate) and the README's lists of the packages
above it: what each Great Expectations suite guards (expectations.readme) and the scenario
knobs (warehouse.knobs)."""

from rich.console import Console

from expectations.readme import readme_with_suites
from ingest.generate import generate_all
from ingest.registry import load_registry
from ingest.settings import IngestSettings, use
from warehouse.knobs import readme_with_knobs


def generate(ingest: IngestSettings, check: bool) -> int:
    with use(ingest):
        return generate_all(
            load_registry(),
            check=check,
            console=Console(stderr=True),
            readme_parts=(readme_with_suites, readme_with_knobs),
        )
