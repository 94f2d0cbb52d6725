"""The source registry: one YAML file per source in ingest/sources/, read into dataclasses.

A source's YAML says who publishes it, under which licence, where each file is downloaded
from and its pinned vintage (sha256, bytes), and which parser and pandera schema turn each
file into a raw table. Parsers and schemas live in the Python module of the same name;
they are imported only when a table has to be landed, so a no-op build stays fast.
"""

import hashlib
import importlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from ingest.paths import SOURCES_DIR, registry_dir

FORMATS = {"csv", "json", "xlsx", "rda"}


@dataclass(frozen=True)
class SourceFile:
    name: str  # path inside the source's mirror folder; also its name in data/downloads
    url: str
    sha256: str
    bytes: int
    format: str


@dataclass(frozen=True)
class Live:
    """A source with no pinned vintage (a live API): each run fetches a fresh snapshot through
    its module's `snapshot(source, key, dest_dir)` and lands it like any file. Without its key
    the source is skipped and the warehouse uses `fallback` instead."""

    key_env: str  # environment variable holding the API key (never written anywhere)
    fallback: str  # what the warehouse uses when the key is not set


@dataclass(frozen=True)
class Table:
    source_id: str
    name: str
    description: str
    files: tuple[str, ...]
    parser: str  # function name in ingest/sources/<source_id>.py: (Path) -> polars.DataFrame
    schema: str  # pandera DataFrameModel class name in the same module
    max_rejected_frac: float  # share of rows that may be quarantined before the table fails
    rejects_note: str  # dated reason, required when max_rejected_frac > 0

    @property
    def qualified_name(self) -> str:
        """The table's id in the warehouse: `dim_source.source_id` and every fact's source_id."""
        return f"{self.source_id}.{self.name}"

    def module(self):
        return importlib.import_module(f"ingest.sources.{self.source_id}")

    def parse_fn(self):
        return getattr(self.module(), self.parser)

    def schema_model(self):
        return getattr(self.module(), self.schema)


@dataclass(frozen=True)
class Source:
    id: str
    family: str
    publisher: str
    title: str
    licence: str
    homepage: str
    mirror_dir: str
    vintage: str
    caveats: str
    files: dict[str, SourceFile]
    tables: dict[str, Table]
    registry_file: Path
    live: Live | None = None  # set for live APIs: files carry no pins (see Live)

    def fingerprint(self, table: "Table") -> str:
        """What a landed table depends on: the source's metadata, the table's entry, its
        files' pins, and the code that parses and checks it. Any change re-lands the table;
        nothing else does."""
        meta = {
            k: getattr(self, k)
            for k in (
                "family",
                "publisher",
                "title",
                "licence",
                "homepage",
                "mirror_dir",
                "vintage",
            )
        }
        files = [asdict(self.files[name]) for name in table.files]
        digest = hashlib.sha256(json.dumps([meta, asdict(table), files]).encode())
        for path in [SOURCES_DIR / f"{self.id}.py", *sorted(Path(__file__).parent.glob("*.py"))]:
            digest.update(path.read_bytes())
        return digest.hexdigest()[:16]


def _load(path: Path) -> Source:
    doc = yaml.safe_load(path.read_text())
    source_id = path.stem
    if doc.get("id") != source_id:
        raise ValueError(f"{path}: id {doc.get('id')!r} must match the file name {source_id!r}")
    live = Live(**doc["live"]) if doc.get("live") else None
    if live and any("sha256" in f for f in doc["files"].values()):
        raise ValueError(f"{path}: a live source has no pinned files (no sha256/bytes)")
    files = {
        name: SourceFile(
            name=name,
            url=f["url"],
            sha256="" if live else f["sha256"],  # a live file is pinned per run, to its snapshot
            bytes=0 if live else int(f["bytes"]),
            format=f["format"],
        )
        for name, f in doc["files"].items()
    }
    for f in files.values():
        if f.format not in FORMATS:
            raise ValueError(f"{path}: file {f.name}: format {f.format!r} not in {sorted(FORMATS)}")
    tables = {}
    for name, t in doc["tables"].items():
        unknown = set(t["files"]) - set(files)
        if unknown:
            raise ValueError(f"{path}: table {name} names files not listed: {sorted(unknown)}")
        if t.get("max_rejected_frac") and not t.get("rejects_note"):
            raise ValueError(
                f"{path}: table {name} tolerates rejects without a rejects_note saying when and why"
            )
        tables[name] = Table(
            source_id=source_id,
            name=name,
            description=t["description"].strip(),
            files=tuple(t["files"]),
            parser=t["parser"],
            schema=t["schema"],
            max_rejected_frac=float(t.get("max_rejected_frac", 0.0)),
            rejects_note=t.get("rejects_note", ""),
        )
    return Source(
        id=source_id,
        family=doc["family"],
        publisher=doc["publisher"],
        title=doc["title"],
        licence=doc["licence"],
        homepage=doc["homepage"],
        mirror_dir=doc.get("mirror_dir", "") if live else doc["mirror_dir"],
        vintage=str(doc["vintage"]),
        caveats=doc.get("caveats", "").strip(),
        files=files,
        tables=tables,
        registry_file=path,
        live=live,
    )


def load_registry(sources_dir: Path | None = None) -> dict[str, Source]:
    return {p.stem: _load(p) for p in sorted((sources_dir or registry_dir()).glob("*.yml"))}
