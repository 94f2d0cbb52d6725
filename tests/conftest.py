"""Shared fixtures: a scratch workspace (data dir, mirror, registry copy), whole-warehouse
builds shared by the session (`built` on fixtures, `mirror_built` on SOURCE_MIRROR), and a
local HTTP server on 127.0.0.1 whose answers each test scripts. No test reaches any other
network."""

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from ingest import cli
from ingest.pins import update_pins
from ingest.registry import Source, load_registry
from ingest.settings import SOURCES_DIR, use
from tests.fixtures import write_all
from warehouse.settings import Settings

REPO = Path(__file__).resolve().parent.parent
MIRROR = os.environ.get("SOURCE_MIRROR")  # read before any fixture points it elsewhere
NO_MIRROR = (
    "SOURCE_MIRROR is not set: `SOURCE_MIRROR=<dir> make test` builds on the publishers' files"
)


def system_packages() -> list[str]:
    """The Debian packages `make system-deps` installs (the Makefile's SYSTEM_PACKAGES)."""
    makefile = (REPO / "Makefile").read_text()
    return re.search(r"^SYSTEM_PACKAGES := (.*)$", makefile, re.M).group(1).split()


def needs_system(*packages: str) -> str:
    """The skip reason of a test whose Debian packages are missing: which, and the command."""
    if unknown := set(packages) - set(system_packages()):
        raise AssertionError(f"add {sorted(unknown)} to SYSTEM_PACKAGES in the Makefile")
    return (
        f"needs Debian's {' and '.join(packages)}: run `make system-deps` "
        f"(apt-get install {' '.join(system_packages())}, with sudo unless root)"
    )


@dataclass
class Workspace:
    """A scratch build: the build's settings for a folder of its own (Settings.under: the data
    folder is root/data, the build folder root/target, the warehouse root/warehouse.duckdb),
    with the fixtures' mirror and a registry copy. `repo` is where make runs (a copy of the
    repository for the shared fixture build)."""

    root: Path
    mirror: Path
    registry: Path
    repo: Path = REPO

    @property
    def settings(self) -> Settings:
        return Settings.under(self.root, mirror=self.mirror, registry=self.registry, repo=self.repo)

    @property
    def data(self) -> Path:
        return self.settings.data_dir

    @property
    def warehouse(self) -> Path:
        return self.settings.warehouse

    @property
    def exports(self) -> Path:
        return self.settings.exports_dir

    @contextmanager
    def env(self) -> Iterator[None]:
        """Put this workspace's ingest settings in force for the duration."""
        with use(self.settings.ingest):
            yield

    def write_fixtures(self, *source_ids: str) -> None:
        with self.env():
            write_all(self.mirror, list(source_ids) or None)

    def pin(self, *source_ids: str) -> None:
        """Re-pin the registry copy to the files now in the mirror (make update-sources)."""
        with self.env():
            sources = [s for s in load_registry().values() if not source_ids or s.id in source_ids]
            assert update_pins(sources, Console(stderr=True)) == 0

    def land(self, *source_ids: str) -> int:
        args = ["land"] + [a for s in source_ids for a in ("--source", s)]
        return cli.main(args)

    def land_fails(self, capsys, source_id: str, *fragments: str) -> str:
        """Land one source expecting exit 1, stderr naming the source and every fragment, and
        nothing landed, rejected or in a manifest changed. Returns stderr, whitespace folded."""
        before = self.snapshot()
        capsys.readouterr()
        assert self.land(source_id) == 1
        err = " ".join(capsys.readouterr().err.split())
        for fragment in (f"source {source_id}", *fragments):
            assert fragment in err, f"{fragment!r} not in {err!r}"
        assert self.snapshot() == before
        return err

    def snapshot(self) -> dict[str, str]:
        """sha256 of every landed, rejected and manifest file, to prove nothing changed."""
        return {
            str(p.relative_to(self.data)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.data.rglob("*"))
            if p.is_file() and "downloads" not in p.parts
        }


def copy_registry(dest: Path) -> None:
    dest.mkdir()
    for path in SOURCES_DIR.glob("*.yml"):
        shutil.copy(path, dest / path.name)


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Iterator[Workspace]:
    """A scratch workspace whose ingest settings are in force for the test."""
    ws = Workspace(tmp_path, tmp_path / "mirror", tmp_path / "registry")
    copy_registry(ws.registry)
    for name in live_key_envs():  # no test reaches a live API unless it sets a key itself
        monkeypatch.delenv(name, raising=False)
    with ws.env():
        yield ws


@cache
def live_key_envs() -> tuple[str, ...]:
    """The environment variables holding live APIs' keys (see ingest.registry.Live). The
    repository's registry does not change during a session: read once."""
    return tuple(s.live.key_env for s in load_registry(SOURCES_DIR).values() if s.live)


def force_reland(monkeypatch, *table_names: str) -> None:
    """As if these tables' parser had changed: they must re-land, so their files are fetched
    and checked against the pins (a table whose pin and code are unchanged is not)."""
    real = Source.fingerprint
    monkeypatch.setattr(
        Source, "fingerprint", lambda s, t: real(s, t) + ("+" if t.name in table_names else "")
    )


@pytest.fixture
def landed(workspace, request, landings) -> Workspace:
    """A workspace where some sources' fixtures are pinned and landed: those a test module
    names in LANDS, else the source of test_ingest_<source>.py, else every source. The
    session lands each set once (`landings`) and copies it here: landing was most of these
    tests' time, and the copy is the same files a landing here would have made."""
    ids = list(getattr(request.module, "LANDS", []))
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_ingest_")
    if not ids and module in load_registry():
        ids = [module]
    copy_landing(landings.get(ids), workspace)
    return workspace


@dataclass
class Landings:
    """The session's landings, by the sources landed, each in a workspace of its own in
    `folder`, which pytest-xdist's workers share: the first to need one lands it."""

    folder: Path
    done: dict[tuple[str, ...], Workspace] = field(default_factory=dict)

    def get(self, ids: list[str]) -> Workspace:
        if tuple(ids) not in self.done:
            self.done[tuple(ids)] = self._land(ids)
        return self.done[tuple(ids)]

    def _land(self, ids: list[str]) -> Workspace:
        name = "landing-" + ("-".join(ids) or "all")
        root = self.folder / name
        ws = Workspace(root, root / "mirror", root / "registry")
        with (self.folder / f"{name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be landing it
            if (self.folder / f"{name}.done").is_file():
                return ws
            shutil.rmtree(root, ignore_errors=True)  # a landing that failed
            root.mkdir()
            copy_registry(ws.registry)
            ws.write_fixtures(*ids)
            ws.pin(*ids)
            with ws.env():
                assert ws.land(*ids) == 0
            (self.folder / f"{name}.done").touch()
        return ws


@pytest.fixture(scope="session")
def landings(tmp_path_factory) -> Landings:
    """In the session's folder of temporary files (a worker's own is one inside it)."""
    folder = tmp_path_factory.getbasetemp()
    return Landings(folder.parent if os.environ.get("PYTEST_XDIST_WORKER") else folder)


def copy_landing(src: Workspace, dest: Workspace) -> None:
    """`src`'s mirror, pinned registry and data folder into `dest`, with the times of every
    file kept (the manifests and the checksum cache record them). The absolute paths the
    landing recorded (each file's `read_from`, the checksum cache's keys) are moved to
    `dest`, as if it had landed there."""
    for part in ("mirror", "registry", "data"):
        shutil.rmtree(getattr(dest, part), ignore_errors=True)
        if getattr(src, part).is_dir():
            shutil.copytree(getattr(src, part), getattr(dest, part))
    for path in dest.data.rglob("*.json"):
        text = path.read_text()
        moved = text.replace(f"{src.root}/", f"{dest.root}/")
        if moved != text:
            stat = path.stat()
            path.write_text(moved)
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@dataclass
class Server:
    """Answers GET /<name> from a per-path script of replies, one reply per request:
    (status, body) sends the body; ("drop", body) promises the full length, sends half
    and closes the connection."""

    url: str
    scripts: dict[str, list] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)

    def serve(self, name: str, *replies) -> str:
        self.scripts[f"/{name}"] = list(replies)
        return f"{self.url}/{name}"


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve on a free port of 127.0.0.1; yields the base URL. Polls for shutdown every 50 ms
    (the library's default waits half a second at the end of every test)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def http_server():
    server_state = Server(url="")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep pytest output clean
            pass

        def do_GET(self):  # noqa: N802 (http.server's name)
            server_state.hits[self.path] = server_state.hits.get(self.path, 0) + 1
            script = server_state.scripts.get(self.path, [(404, b"not found")])
            status, body = script.pop(0) if len(script) > 1 else script[0]
            if status == "drop":
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serve(Handler) as url:
        server_state.url = url
        yield server_state


# dbt's saved parse of the project (partial_parse.msgpack), kept between sessions in the
# repository's git-ignored target/. dbt parses everything again when dbt, its --vars,
# dbt_project.yml or a value of the profile (BUILD_DB) changed, and re-parses each file that
# changed or reads an env var whose value changed (WAREHOUSE_DATA_DIR, in every source): the
# tests that share it leave both variables to their defaults.
SAVED_PARSE = REPO / "target" / "tests" / "partial_parse.msgpack"


@contextmanager
def saved_parse(target: Path, saved: Path = SAVED_PARSE) -> Iterator[None]:
    """Around a dbt run whose target path is `target`: start it from the `saved` parse (the
    project's takes 11 s to parse here, 4 from its saved parse), and save its parse if the
    run passed (written aside, then renamed: another session may be reading it)."""
    target.mkdir(parents=True, exist_ok=True)
    if saved.is_file():
        shutil.copy(saved, target / "partial_parse.msgpack")
    yield
    saved.parent.mkdir(parents=True, exist_ok=True)
    aside = saved.with_name(f".{saved.name}.{os.getpid()}")
    shutil.copy(target / "partial_parse.msgpack", aside)
    os.replace(aside, saved)


# Whole-warehouse builds (marked `build`; `make test-fast` leaves them out).


def make_args(ws: Workspace, target="build", registry=True, mirror=None, env=None) -> dict:
    """subprocess arguments for `make <target>` in the workspace's repository, building into
    the workspace (Settings.process_env: a path that is the repository's default is left to
    the default). In `env`, a value of None unsets the variable."""
    settings = replace(
        ws.settings,
        mirror=Path(mirror) if mirror else ws.mirror,
        registry_dir=ws.registry if registry else SOURCES_DIR,
    )
    run_env = settings.process_env()
    for name in live_key_envs():  # builds reach no live API
        run_env.pop(name, None)
    run_env.update(env or {})
    return {
        "args": ["make", "--no-print-directory", target],
        "cwd": ws.repo,
        "env": {k: v for k, v in run_env.items() if v is not None},
        "text": True,
    }


def make(ws: Workspace, target="build", **options) -> subprocess.CompletedProcess:
    return subprocess.run(**make_args(ws, target, **options), capture_output=True)


def query(ws: Workspace, sql: str, path: Path | None = None):
    with duckdb.connect(str(path or ws.warehouse), read_only=True) as con:
        return con.sql(sql).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_repo(dest: Path) -> Path:
    """The repository's files at `dest` (without git, build output or caches), sharing this
    checkout's .venv."""
    skip = {".git", ".venv", ".venv-spark", "data", "target", "logs", "exports", "dist"}
    skip |= {"warehouse.duckdb", "warehouse.duckdb.wal"}
    shutil.copytree(
        REPO,
        dest,
        ignore=lambda folder, names: [
            n
            for n in names
            if (Path(folder) == REPO and n in skip) or n.endswith("_cache") or n == "__pycache__"
        ],
    )
    (dest / ".venv").symlink_to(REPO / ".venv")
    if (REPO / ".venv-spark").is_dir():  # `make setup-spark`'s environment
        (dest / ".venv-spark").symlink_to(REPO / ".venv-spark")
    return dest


def clone(ws: Workspace, dest: Path) -> Workspace:
    """A copy of a built repository workspace (its data, build folder and warehouse), to
    change without disturbing the shared build. Mirror and registry stay shared: read only."""
    shutil.copytree(ws.repo, dest, symlinks=True)
    return Workspace(dest, ws.mirror, ws.registry, repo=dest)


@contextmanager
def kept(ws: Workspace) -> Iterator[Workspace]:
    """The workspace as it was before, put back after: its data, build folder, published
    warehouse and exports, registry and mirror (copies keep their times, so the build's
    stamps still hold). A test that changes a shared build's inputs and rebuilds leaves it
    up to date, and the next test needs no rebuild of its own (each costs a whole build)."""
    parts = [ws.data, ws.root / "target", ws.exports, ws.registry, ws.mirror]
    parts += [ws.warehouse, Path(f"{ws.warehouse}.wal")]
    parts += [p for p in ws.root.glob(".*") if p.name.startswith((".exports", ".warehouse"))]
    saved = Path(f"{ws.root}.kept")
    shutil.rmtree(saved, ignore_errors=True)
    copies = {}
    for n, part in enumerate(parts):
        if part.is_symlink() or part.exists():
            copies[part] = saved / str(n)
            _copy(part, copies[part])
    try:
        yield ws
    finally:
        for part in [*parts, *ws.root.glob(".exports.tmp-*"), *ws.root.glob(".warehouse*")]:
            _remove(part)
        for part, copy in copies.items():
            _copy(copy, part)
        shutil.rmtree(saved)


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir() and not src.is_symlink():
        shutil.copytree(src, dest, symlinks=True)
    else:
        shutil.copy2(src, dest, follow_symlinks=False)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


# The shared builds whose tests run in order on one worker, which makes the build once. The
# fixture build (`built`, half a minute) is not one of them: each worker makes its own, so
# that the many tests on it share both cores.
SHARED_BUILDS = {"mirror_built": "mirror", "spark_built": "spark", "built_docs": "docs"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: takes seconds on its own (dbt, many processes): collected first"
    )


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    """Under pytest-xdist (`make test` runs `-n auto --dist loadgroup`), each group of
    SHARED_BUILDS runs on one worker. The groups are marked before xdist's own hook tags the
    node ids with them, and checked after: a pytest that xdist cannot tag (9.2 with xdist
    3.8) would have each worker make every shared build. The groups (a minute or two each)
    and the tests marked `slow` go first, so that xdist hands them out while the short ones
    can still even out the workers."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        group = next((g for name, g in SHARED_BUILDS.items() if name in names), None)
        if group is None and item.get_closest_marker("mirror"):
            group = "mirror"
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=lambda item: not any(map(item.get_closest_marker, ("xdist_group", "slow"))))
    yield
    if getattr(config.option, "loadgroup", False):  # an xdist worker under loadgroup
        lost = [i.nodeid for i in items if i.get_closest_marker("xdist_group")]
        lost = [nodeid for nodeid in lost if "@" not in nodeid]
        if lost:
            raise pytest.UsageError(f"pytest-xdist did not group {len(lost)} tests: {lost[0]}")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Workspace:
    """One `make build` on the fixture files, shared by the session (a build takes half a
    minute). It runs in a copy of the repository whose path holds spaces, with the default
    data/, target/ and warehouse.duckdb inside it, as in a user's `~/My Data/warehouse`;
    `<root>/my` is what an unquoted path would have hit. Tests that change it put it back,
    or work on a `clone`."""
    root = tmp_path_factory.mktemp("build")
    (root / "my").mkdir()
    (root / "my" / "keep.txt").write_text("not the build's\n")
    repo = copy_repo(root / "my data" / "warehouse")
    ws = Workspace(repo, root / "mirror", root / "registry", repo=repo)
    copy_registry(ws.registry)
    ws.write_fixtures()
    ws.pin()
    result = make(ws)
    assert result.returncode == 0, result.stdout + result.stderr
    return ws


@pytest.fixture(scope="session")
def mirror_built(tmp_path_factory) -> Workspace:
    """One `make build` on the publishers' files in SOURCE_MIRROR, shared by the session."""
    if not MIRROR or not Path(MIRROR).is_dir():
        pytest.skip(NO_MIRROR)
    root = tmp_path_factory.mktemp("mirror build")
    ws = Workspace(root, Path(MIRROR), SOURCES_DIR)
    result = make(ws, registry=False, mirror=MIRROR)
    assert result.returncode == 0, result.stdout + result.stderr
    return ws


@pytest.fixture(scope="session")
def built_docs(built) -> Path:
    """`make docs` on the fixture build, once a session: the site in target/site, dbt's
    docs in target/static_index.html."""
    result = make(built, "docs")
    assert result.returncode == 0, result.stdout + result.stderr
    return built.root / "target" / "site"
