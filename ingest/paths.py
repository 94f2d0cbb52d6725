"""Where things live: the repository's fixed folders, and the data folder, registry and
mirror of the settings in force (ingest.settings)."""

from pathlib import Path

from ingest.settings import REPO_ROOT, SOURCES_DIR, current

__all__ = ["DBT_STAGING_DIR", "REPO_ROOT", "SEEDS_DIR", "SOURCES_DIR"]

SEEDS_DIR = REPO_ROOT / "seeds"
DBT_STAGING_DIR = REPO_ROOT / "models" / "staging"


def registry_dir() -> Path:
    """The registry's YAML files; tests point this at a copy pinned to their fixtures."""
    return current().registry_dir


def data_dir() -> Path:
    return current().data_dir


def raw_dir() -> Path:
    return data_dir() / "raw"


def rejects_dir() -> Path:
    return data_dir() / "rejects"


def downloads_dir() -> Path:
    return data_dir() / "downloads"


def mirror_dir() -> Path | None:
    """SOURCE_MIRROR points fetch at a local copy laid out as <dir>/<mirror_dir>/<file>."""
    return current().mirror
