"""Where the build writes. Each path can be moved with an environment variable (the tests
build into scratch directories); a relative value is taken from the repository root, where
make and dbt run. Paths may hold spaces: none of them is ever split or used as a make target."""

import os
from pathlib import Path

from ingest.paths import REPO_ROOT, data_dir

__all__ = [
    "REPO_ROOT",
    "build_db",
    "build_dir",
    "data_dir",
    "exports_dir",
    "release_dir",
    "warehouse_path",
]


def _path(variable: str, default: str) -> Path:
    return REPO_ROOT / (os.environ.get(variable) or default)  # an absolute value replaces it


def build_dir() -> Path:
    """dbt's target directory: the build database, stamps, the lock, logs, docs."""
    return _path("BUILD_DIR", "target")


def build_db() -> Path:
    return build_dir() / "build.duckdb"


def warehouse_path() -> Path:
    """The published file users open."""
    return _path("WAREHOUSE", "warehouse.duckdb")


def exports_dir() -> Path:
    """The files for readers and tools: Parquet, CSV, catalog, data package, snapshot, report."""
    return _path("EXPORTS_DIR", "exports")


def release_dir() -> Path:
    """Where `make release` writes the zip and its checksum."""
    return _path("RELEASE_DIR", "dist")
