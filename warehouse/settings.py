"""The build's settings, as one object: where it reads and writes, the user's dbt vars
(checked against the knobs' ranges) and the environment dbt runs in. The command line makes
it once from the environment (`Settings.from_env`) and passes it down; the tests and the
benchmark make theirs for a scratch folder (`Settings.under`).

Every path can be moved with an environment variable and may hold spaces; a relative value
starts at the repository, where make and dbt run:

    WAREHOUSE_DATA_DIR   data/              landed Parquet, manifests, rejects, downloads
    BUILD_DIR            target/            the build database (build.duckdb), stamps, lock,
                                            logs, dbt's manifest, docs
    WAREHOUSE            warehouse.duckdb   the published file users open
    EXPORTS_DIR          exports/           the files for readers and tools
    RELEASE_DIR          dist/              `make release`'s zip and checksum
    INGEST_REGISTRY_DIR  ingest/sources/    the sources' registry (tests use a pinned copy)
    SOURCE_MIRROR        (none)             a local copy of the publishers' files
    DBT_VARS             (none)             scenario knobs, e.g. '{ai_share_of_dc_2030: 0.6}'
    KEEP_GOING           (off)              1: a table whose refresh fails keeps its last good
                                            landing (ingest/keep_going.py)
    BI_*                 (see BiSettings)   the PostgreSQL loads' schema, reader and lock waits

dbt reads the build database's path from BUILD_DB (profiles.yml) and the data folder from
WAREHOUSE_DATA_DIR (the sources' external locations); `dbt_env` sets both."""

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from ingest.settings import REPO_ROOT, SOURCES_DIR, IngestSettings
from warehouse.errors import SettingsError
from warehouse.knobs import problems

# variable -> (Settings field, its default under a root: the repository, or a scratch folder)
PATHS = {
    "WAREHOUSE_DATA_DIR": ("data_dir", "data"),
    "BUILD_DIR": ("build_dir", "target"),
    "WAREHOUSE": ("warehouse", "warehouse.duckdb"),
    "EXPORTS_DIR": ("exports_dir", "exports"),
    "RELEASE_DIR": ("release_dir", "dist"),
}
VARIABLES = (
    *PATHS,
    "INGEST_REGISTRY_DIR",
    "SOURCE_MIRROR",
    "DBT_VARS",
    "KEEP_GOING",
    "SPARK_SELECT",
)


@dataclass(frozen=True)
class BiSettings:
    """What `make bi-postgres` and `make bi-local` load into (warehouse/serve/bi.py says
    how each is used); the connection itself is libpq's, passed to the loader apart."""

    schema: str = "ai_energy"  # BI_SCHEMA
    reader: str = "ai_energy_reader"  # BI_READER
    reader_password: str | None = None  # BI_READER_PASSWORD
    lock_timeout: str = "200ms"  # BI_LOCK_TIMEOUT, a PostgreSQL interval
    lock_retries: int = 10  # BI_LOCK_RETRIES
    drop_dependents: bool = False  # BI_DROP_DEPENDENTS=1
    local_port: str = "5433"  # BI_LOCAL_PORT, checked when `make bi-local` uses it

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "BiSettings":
        retries = environ.get("BI_LOCK_RETRIES", "10")
        if not retries.strip().isdigit():
            raise SettingsError(f"BI_LOCK_RETRIES={retries!r}: give a whole number of attempts")
        return cls(
            schema=environ.get("BI_SCHEMA", cls.schema),
            reader=environ.get("BI_READER", cls.reader),
            reader_password=environ.get("BI_READER_PASSWORD") or None,
            lock_timeout=environ.get("BI_LOCK_TIMEOUT", cls.lock_timeout),
            lock_retries=max(1, int(retries)),
            drop_dependents=environ.get("BI_DROP_DEPENDENTS", "").strip() in ("1", "yes", "true"),
            local_port=environ.get("BI_LOCAL_PORT", cls.local_port),
        )


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    build_dir: Path
    warehouse: Path
    exports_dir: Path
    release_dir: Path
    registry_dir: Path = SOURCES_DIR
    mirror: Path | None = None
    dbt_vars: str = ""  # DBT_VARS as written, checked; part of the build's fingerprint
    keep_going: bool = False  # KEEP_GOING
    spark_select: str = ""  # SPARK_SELECT: a dbt selection for `make spark` (default: all)
    repo: Path = REPO_ROOT  # where make and dbt run (the tests' shared build runs in a copy)
    bi: BiSettings = BiSettings()  # the PostgreSQL loads' (BI_*)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] = os.environ, repo: Path = REPO_ROOT
    ) -> "Settings":
        ingest = IngestSettings.from_env(environ)
        paths = {
            name: repo / (environ.get(var) or default) for var, (name, default) in PATHS.items()
        }
        return cls(
            **paths,
            registry_dir=ingest.registry_dir,
            mirror=ingest.mirror,
            dbt_vars=checked_dbt_vars(environ.get("DBT_VARS", "")),
            keep_going=ingest.keep_going,
            spark_select=environ.get("SPARK_SELECT", "").strip(),
            repo=repo,
            bi=BiSettings.from_env(environ),
        )

    @classmethod
    def under(
        cls,
        root: Path,
        *,
        mirror: Path | None = None,
        registry: Path = SOURCES_DIR,
        repo: Path = REPO_ROOT,
        dbt_vars: str = "",
    ) -> "Settings":
        """A build whose folders and files are all under `root` (as the repository's are
        under it by default)."""
        paths = {name: root / default for name, default in PATHS.values()}
        return cls(
            **paths,
            registry_dir=registry,
            mirror=mirror,
            dbt_vars=dbt_vars,
            spark_select="",
            repo=repo,
            keep_going=False,
            bi=BiSettings(),
        )

    @property
    def build_db(self) -> Path:
        """The database dbt builds into; only publishing writes the warehouse."""
        return self.build_dir / "build.duckdb"

    @property
    def manifest(self) -> Path:
        """dbt's manifest.json of the last dbt run."""
        return self.build_dir / "manifest.json"

    @property
    def spark_dir(self) -> Path:
        return self.build_dir / "spark"

    @property
    def ingest(self) -> IngestSettings:
        return IngestSettings(self.data_dir, self.registry_dir, self.mirror, self.keep_going)

    def env(self) -> dict[str, str]:
        """The variables that give another process (make, MkDocs) these settings; a path
        that is its repository's default is left out, so the process finds it by default."""
        defaults = Settings.under(self.repo)
        found = {
            var: str(getattr(self, name))
            for var, (name, _) in PATHS.items()
            if getattr(self, name) != getattr(defaults, name)
        }
        if self.registry_dir != SOURCES_DIR:
            found["INGEST_REGISTRY_DIR"] = str(self.registry_dir)
        if self.mirror:
            found["SOURCE_MIRROR"] = str(self.mirror)
        if self.dbt_vars:
            found["DBT_VARS"] = self.dbt_vars
        if self.keep_going:
            found["KEEP_GOING"] = "1"
        if self.spark_select:
            found["SPARK_SELECT"] = self.spark_select
        return found

    def process_env(self, base: Mapping[str, str] = os.environ) -> dict[str, str]:
        """`base` (this process's environment) with its settings replaced by these."""
        kept = {k: v for k, v in base.items() if k not in VARIABLES}
        return {**kept, **self.env()}

    def dbt_env(self, **extra: str) -> dict[str, str]:
        """The environment every dbt run gets: the build database, the data folder (absolute,
        so the staging views work from anywhere), dbt's own folders and the repository's
        profiles.yml; `extra` adds to it or overrides it."""
        return {
            **self.process_env(),
            "BUILD_DB": str(self.build_db),
            "WAREHOUSE_DATA_DIR": str(self.data_dir.resolve()),
            "DBT_TARGET_PATH": str(self.build_dir),
            "DBT_LOG_PATH": str(self.build_dir / "logs"),
            "DBT_PROFILES_DIR": str(self.repo),
            "DO_NOT_TRACK": "1",
            **extra,
        }

    def dbt_command(self, args: list[str]) -> list[str]:
        """dbt (beside this Python) with `args` and the user's vars, quiet and uncoloured."""
        dbt_exe = Path(sys.executable).parent / "dbt"
        dbt_vars = ["--vars", self.dbt_vars] if self.dbt_vars else []
        return [str(dbt_exe), *args, *dbt_vars, "--quiet", "--no-use-colors"]


@dataclass(frozen=True)
class Run:
    """One run of a build step: its settings and the build lock it holds (a file descriptor,
    passed on to dbt so that dbt holds the lock too)."""

    settings: Settings
    lock: int = -1


def checked_dbt_vars(text: str) -> str:
    """DBT_VARS, the user's dbt vars (`make build DBT_VARS='{ai_share_of_dc_2030: 0.6}'`),
    passed to every dbt run and part of the build's fingerprint, so a change rebuilds. Each
    knob is checked against its range (warehouse/knobs.py) before dbt runs."""
    text = text.strip()
    if text:
        try:
            parsed = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", exc)  # one line, not the YAML's pointer drawing
            raise SettingsError(f"DBT_VARS is not YAML: {text!r} ({problem})") from exc
        if not isinstance(parsed, dict):
            raise SettingsError(f"DBT_VARS must be a mapping such as '{{name: value}}': {text!r}")
        if found := problems(parsed):
            raise SettingsError("DBT_VARS refused, dbt did not run: " + "; ".join(found))
    return text
