"""The source registry: one YAML file per source in ingest/sources/, read into dataclasses.

A source's YAML says who publishes it, under which licence, where each file is downloaded
from and its pinned vintage (sha256, bytes), and which parser and pandera schema turn each
file into a raw table. Parsers and schemas live in the Python module of the same name;
they are imported only when a table has to be landed, so a no-op build stays fast.
"""

import ast
import hashlib
import importlib
import json
import re
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from ingest.paths import REPO_ROOT, SEEDS_DIR, SOURCES_DIR, registry_dir

PACKAGE_DIR = Path(__file__).resolve().parent

FORMATS = {"csv", "json", "xlsx", "rda"}
# libyaml's safe loader when PyYAML has it (its wheels do): the same documents, parsed some
# ten times faster
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Where pinned bytes may be downloaded from: addresses whose content never changes. A file at
# a publisher's "latest" address belongs in `live_url` (make update-sources looks there).
IMMUTABLE_URLS = {
    "file at a git commit": r"https://raw\.githubusercontent\.com/[^/]+/[^/]+/(?P<commit>[0-9a-f]{40})/.+",
    "versioned package on PyPI": r"https://files\.pythonhosted\.org/packages/.+",
    "DOI": r"https://doi\.org/10\.\d+/.+",
    "Zenodo record file": r"https://zenodo\.org/records/\d+/files/.+",
    "file in this repository": r"repo:.+",
}


class RegistryError(ValueError):
    """A registry file that cannot be read as written: says which file and which field."""


def immutable_kind(url: str) -> str | None:
    """Which kind of immutable address `url` is (IMMUTABLE_URLS), or None for a mutable one."""
    return next((k for k, rx in IMMUTABLE_URLS.items() if re.fullmatch(rx, url)), None)


@dataclass(frozen=True)
class Archive:
    """A versioned archive (a zip, e.g. a Python wheel) some of a source's files are read
    from. Downloaded once into data/downloads/<source>/<name> and checked against its pin."""

    name: str
    url: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class SourceFile:
    name: str  # path inside the source's mirror folder; also its name in data/downloads
    url: str  # immutable address of the pinned bytes (the archive's, for a member)
    sha256: str
    bytes: int
    format: str
    live_url: str = ""  # the publisher's current address: where a new vintage appears
    archive: Archive | None = None  # set when the file is a member of a pinned archive
    member: str = ""  # its path inside the archive

    @property
    def version(self) -> str | None:
        """The commit or release its pinned bytes come from, read off the immutable URL: a git
        commit, a package file, a DOI. None for this repository's files and live APIs."""
        kind = immutable_kind(self.url)
        if kind == "file at a git commit" and (
            found := re.fullmatch(IMMUTABLE_URLS[kind], self.url)
        ):
            return f"commit {found['commit']}"
        if kind == "DOI":
            return f"DOI {self.url.removeprefix('https://doi.org/')}"
        if kind in ("versioned package on PyPI", "Zenodo record file"):
            return self.url.rsplit("/", 1)[1]  # the file name holds the version
        return None


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
    parser: str  # function in ingest/sources/<source_id>.py: (Path) -> DataFrame or frames
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

    def table_title(self, table: Table) -> str:
        """The title of one of its tables: dim_source.title, and the models that cite it."""
        return f"{self.title}: {table.name}"

    def fingerprint(self, table: "Table") -> str:
        """What a landed table depends on: the source's metadata, the table's entry, its
        files' pins, and what parses and checks it (landing_inputs: the source's module, the
        ingest modules it and the landing code use, the seeds they read). Any change re-lands
        the table; nothing else does (an edit to the CLI or the generator, say)."""
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
                "caveats",
            )
        }
        files = [asdict(self.files[name]) for name in table.files]
        digest = hashlib.sha256(json.dumps([meta, asdict(table), files]).encode())
        for path in landing_inputs(self.id):
            digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0")
            digest.update(path.read_bytes())
        return digest.hexdigest()[:16]


@cache
def landing_inputs(source_id: str) -> tuple[Path, ...]:
    """The files a source's landing reads: its module and the landing code (ingest/land.py),
    every ingest module they import (followed through), and the seeds those name."""
    todo, code = [SOURCES_DIR / f"{source_id}.py", PACKAGE_DIR / "land.py"], set()
    while todo:
        path = todo.pop()
        if path not in code:
            code.add(path)
            todo += _ingest_imports(path)
    named = {n for path in code for n in re.findall(r"\b[\w-]+\.csv\b", path.read_text())}
    seeds = {SEEDS_DIR / n for n in named if (SEEDS_DIR / n).is_file()}
    return tuple(sorted(code | seeds))


@cache  # every source's landing reads land.py and what it imports: parse each file once
def _ingest_imports(path: Path) -> frozenset[Path]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (module := node.module or "").startswith("ingest"):
            modules |= {module} | {f"{module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            modules |= {a.name for a in node.names if a.name.startswith("ingest")}
    files = set()
    for module in modules:
        base = REPO_ROOT.joinpath(*module.split("."))
        files |= {p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()}
    return frozenset(files)


def _field(entry: dict, key: str, path: Path, where: str = ""):
    """entry[key], or a RegistryError naming the registry file, the entry and the field."""
    if not isinstance(entry, dict) or key not in entry or entry[key] in (None, ""):
        raise RegistryError(f"{path}: {where or 'top level'}: missing field {key!r}")
    return entry[key]


def _archives(doc: dict, path: Path) -> dict[str, Archive]:
    return {
        name: Archive(
            name=name,
            url=_field(a, "url", path, f"archive {name}"),
            sha256=_field(a, "sha256", path, f"archive {name}"),
            bytes=int(_field(a, "bytes", path, f"archive {name}")),
        )
        for name, a in (doc.get("archives") or {}).items()
    }


def _file(name: str, f: dict, path: Path, archives: dict[str, Archive], live: bool) -> SourceFile:
    where = f"file {name}"
    archive = None
    if "archive" in f:
        archive_name = _field(f, "archive", path, where)
        if archive_name not in archives:
            raise RegistryError(f"{path}: {where}: archive {archive_name!r} not under archives:")
        archive = archives[archive_name]
    pinned = not live  # a live file is pinned per run, to its snapshot
    url = archive.url if archive else _field(f, "url", path, where)
    fmt = _field(f, "format", path, where)
    if fmt not in FORMATS:
        raise RegistryError(f"{path}: {where}: format {fmt!r} not in {sorted(FORMATS)}")
    return SourceFile(
        name=name,
        url=url,
        sha256=_field(f, "sha256", path, where) if pinned else "",
        bytes=int(_field(f, "bytes", path, where)) if pinned else 0,
        format=fmt,
        # where a new vintage appears: the publisher's address (this repository, for repo:)
        live_url=url if url.startswith("repo:") or live else _field(f, "live_url", path, where),
        archive=archive,
        member=_field(f, "member", path, where) if archive else "",
    )


@lru_cache(maxsize=128)  # a run reads the registry several times: parse each text once
def _parse(text: str) -> object:
    """A registry file's YAML. Shared between calls: _load only reads it."""
    return yaml.load(text, Loader=SAFE_LOADER)


def _load(path: Path) -> Source:
    doc = _parse(path.read_text())
    source_id = path.stem
    if not isinstance(doc, dict) or doc.get("id") != source_id:
        got = doc.get("id") if isinstance(doc, dict) else None
        raise RegistryError(f"{path}: id {got!r} must match the file name {source_id!r}")
    live = Live(**doc["live"]) if doc.get("live") else None
    files_doc = _field(doc, "files", path)
    if live and any("sha256" in f for f in files_doc.values()):
        raise RegistryError(f"{path}: a live source has no pinned files (no sha256/bytes)")
    archives = _archives(doc, path)
    files = {n: _file(n, f, path, archives, bool(live)) for n, f in files_doc.items()}
    tables = {}
    for name, t in _field(doc, "tables", path).items():
        where = f"table {name}"
        unknown = set(_field(t, "files", path, where)) - set(files)
        if unknown:
            raise RegistryError(f"{path}: {where} names files not listed: {sorted(unknown)}")
        if t.get("max_rejected_frac") and not t.get("rejects_note"):
            raise RegistryError(
                f"{path}: {where} tolerates rejects without a rejects_note saying when and why"
            )
        tables[name] = Table(
            source_id=source_id,
            name=name,
            description=_field(t, "description", path, where).strip(),
            files=tuple(t["files"]),
            parser=_field(t, "parser", path, where),
            schema=_field(t, "schema", path, where),
            max_rejected_frac=float(t.get("max_rejected_frac", 0.0)),
            rejects_note=t.get("rejects_note", ""),
        )
    return Source(
        id=source_id,
        family=_field(doc, "family", path),
        publisher=_field(doc, "publisher", path),
        title=_field(doc, "title", path),
        licence=_field(doc, "licence", path),
        homepage=_field(doc, "homepage", path),
        mirror_dir=doc.get("mirror_dir", "") if live else _field(doc, "mirror_dir", path),
        vintage=str(_field(doc, "vintage", path)),
        caveats=(doc.get("caveats") or "").strip(),
        files=files,
        tables=tables,
        registry_file=path,
        live=live,
    )


def load_registry(sources_dir: Path | None = None) -> dict[str, Source]:
    return {p.stem: _load(p) for p in sorted((sources_dir or registry_dir()).glob("*.yml"))}
