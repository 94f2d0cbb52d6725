"""Where ingest reads and writes: the data folder, the sources' registry and the publishers'
mirror, and whether a failed table keeps its last good landing (KEEP_GOING), as one object.
The command line makes it once from the environment (`IngestSettings.from_env`); the build,
the tests and the benchmark make their own and put it in force for a call with `use`, so no
function reads the environment on its own."""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = Path(__file__).resolve().parent / "sources"


@dataclass(frozen=True)
class IngestSettings:
    data_dir: Path  # data/: raw/ (landed Parquet and manifests), rejects/, downloads/
    registry_dir: Path = SOURCES_DIR  # the registry's YAML files (tests use a pinned copy)
    mirror: Path | None = None  # SOURCE_MIRROR: fetch reads <mirror>/<mirror_dir>/<file>
    keep_going: bool = False  # KEEP_GOING=1: a failed table keeps its last good landing

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "IngestSettings":
        """WAREHOUSE_DATA_DIR, INGEST_REGISTRY_DIR, SOURCE_MIRROR (a relative path starts at
        the repository, where make and dbt run) and KEEP_GOING (on unless empty or 0)."""
        mirror = environ.get("SOURCE_MIRROR")
        return cls(
            data_dir=REPO_ROOT / (environ.get("WAREHOUSE_DATA_DIR") or "data"),
            registry_dir=REPO_ROOT / (environ.get("INGEST_REGISTRY_DIR") or SOURCES_DIR),
            mirror=(REPO_ROOT / mirror).resolve() if mirror else None,
            keep_going=environ.get("KEEP_GOING", "").strip() not in ("", "0"),
        )


_current: ContextVar[IngestSettings | None] = ContextVar("ingest_settings", default=None)


def current() -> IngestSettings:
    """The settings `use` put in force; a library caller that set none gets the environment's."""
    return _current.get() or IngestSettings.from_env()


@contextmanager
def use(settings: IngestSettings) -> Iterator[IngestSettings]:
    token = _current.set(settings)
    try:
        yield settings
    finally:
        _current.reset(token)
