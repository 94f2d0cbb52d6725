"""Where a landed table lives, and whether it is up to date. Kept free of polars and pandera
so that a build with nothing to land returns in a fraction of a second."""

import json
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError
from ingest.paths import raw_dir, rejects_dir
from ingest.registry import Source, Table


@dataclass
class LandResult:
    table: Table
    status: str  # landed | unchanged | failed | skipped
    rows_in: int = 0
    rows_landed: int = 0
    rows_rejected: int = 0
    error: IngestError | None = None


def parquet_path(table: Table) -> Path:
    return raw_dir() / table.source_id / f"{table.name}.parquet"


def manifest_path(table: Table) -> Path:
    return raw_dir() / table.source_id / f"{table.name}.manifest.json"


def rejects_path(table: Table) -> Path:
    return rejects_dir() / table.source_id / f"{table.name}.parquet"


def read_manifest(table: Table) -> dict | None:
    try:
        return json.loads(manifest_path(table).read_text())
    except (OSError, ValueError):
        return None


def is_unchanged(source: Source, table: Table) -> bool:
    """Landed from the same pinned files by the same code: nothing to do."""
    manifest = read_manifest(table)
    return (
        manifest is not None
        and parquet_path(table).is_file()
        and manifest.get("fingerprint") == source.fingerprint(table)
    )
