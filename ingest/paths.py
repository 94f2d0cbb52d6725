"""Where things live. Every path can be moved with an environment variable, so tests and
benchmarks build into a scratch directory without touching the working tree's data."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = Path(__file__).resolve().parent / "sources"
SEEDS_DIR = REPO_ROOT / "seeds"
DBT_STAGING_DIR = REPO_ROOT / "models" / "staging"


def registry_dir() -> Path:
    """The registry's YAML files; tests point this at a copy pinned to their fixtures."""
    return Path(os.environ.get("INGEST_REGISTRY_DIR", SOURCES_DIR))


def data_dir() -> Path:
    return Path(os.environ.get("WAREHOUSE_DATA_DIR", REPO_ROOT / "data"))


def raw_dir() -> Path:
    return data_dir() / "raw"


def rejects_dir() -> Path:
    return data_dir() / "rejects"


def downloads_dir() -> Path:
    return data_dir() / "downloads"


def mirror_dir() -> Path | None:
    """SOURCE_MIRROR points fetch at a local copy laid out as <dir>/<mirror_dir>/<file>."""
    value = os.environ.get("SOURCE_MIRROR")
    return Path(value).resolve() if value else None
