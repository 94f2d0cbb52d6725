"""Where a landed table lives, and whether it is up to date and intact. Kept free of polars
and pandera so that a build with nothing to land returns in a fraction of a second."""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import IngestError
from ingest.paths import data_dir, raw_dir, rejects_dir
from ingest.registry import Source, Table


@dataclass
class LandResult:
    table: Table
    status: str  # landed | unchanged | failed | skipped | stale (KEEP_GOING)
    rows_in: int = 0
    rows_landed: int = 0
    rows_rejected: int = 0
    error: IngestError | None = None
    relanded_because: str | None = None  # the landed file that failed verification, and how
    stale_landed_at: str | None = None  # KEEP_GOING: when the landing kept instead was made
    edited: list[str] = field(default_factory=list)  # repo files landed unlike their pin


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


def landed_stamp(path: Path, final: Path) -> dict:
    """What the manifest records of a file it vouches for (`path` is written, `final` is
    where it lands; a rename keeps size and mtime). Relative to the data directory, so a
    moved data directory still verifies."""
    stat = path.stat()
    return {
        "path": final.relative_to(data_dir()).as_posix(),
        "sha256": file_sha256(path),
        "bytes": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
    }


def landed_fault(manifest: dict) -> str | None:
    """Why the files a manifest vouches for cannot be trusted, or None. Every file is hashed
    whole: a change that kept the size and the modification time (a disk fault, a copy that
    kept the time) is found too, and hashing all of them takes a few tens of milliseconds."""
    stamps = manifest.get("landed_files")
    if not stamps:
        return "its manifest records no checksum of the landed file (an older version landed it)"
    for stamp in stamps:
        path = data_dir() / stamp["path"]
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return f"{stamp['path']} is missing"
        if size != stamp["bytes"]:
            return (
                f"{stamp['path']} has {size:,} bytes where {stamp['bytes']:,} landed "
                "(truncated or overwritten)"
            )
        if file_sha256(path) != stamp["sha256"]:
            return f"{stamp['path']} does not match the sha256 recorded when it landed"
    return None


def is_current(source: Source, table: Table, manifest: dict | None) -> bool:
    """Landed from the same pinned files by the same code (whether its files are intact is
    `landed_fault`'s question)."""
    return manifest is not None and manifest.get("fingerprint") == source.fingerprint(table)


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
