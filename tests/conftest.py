"""Shared fixtures: a scratch workspace (data dir, mirror, registry copy) and a local HTTP
server on 127.0.0.1 whose answers each test scripts. No test reaches any other network."""

import hashlib
import os
import shutil
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rich.console import Console

from ingest import cli
from ingest.paths import SOURCES_DIR
from ingest.pins import update_pins
from ingest.registry import load_registry
from tests.fixtures import write_all

MIRROR = os.environ.get("SOURCE_MIRROR")  # read before any fixture points it elsewhere


@dataclass
class Workspace:
    root: Path
    mirror: Path
    data: Path
    registry: Path

    def write_fixtures(self, *source_ids: str) -> None:
        write_all(self.mirror, list(source_ids) or None)

    def pin(self, *source_ids: str) -> None:
        """Re-pin the registry copy to the files now in the mirror (make update-sources)."""
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


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Workspace:
    ws = Workspace(tmp_path, tmp_path / "mirror", tmp_path / "data", tmp_path / "registry")
    ws.registry.mkdir()
    for path in SOURCES_DIR.glob("*.yml"):
        shutil.copy(path, ws.registry / path.name)
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(ws.data))
    monkeypatch.setenv("SOURCE_MIRROR", str(ws.mirror))
    monkeypatch.setenv("INGEST_REGISTRY_DIR", str(ws.registry))
    for name in live_key_envs():  # no test reaches a live API unless it sets a key itself
        monkeypatch.delenv(name, raising=False)
    return ws


def live_key_envs() -> list[str]:
    """The environment variables holding live APIs' keys (see ingest.registry.Live)."""
    return [s.live.key_env for s in load_registry(SOURCES_DIR).values() if s.live]


@pytest.fixture
def landed(workspace, request) -> Workspace:
    """A workspace where some sources' fixtures are pinned and landed: those a test module
    names in LANDS, else the source of test_ingest_<source>.py, else every source."""
    ids = list(getattr(request.module, "LANDS", []))
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_ingest_")
    if not ids and module in load_registry():
        ids = [module]
    workspace.write_fixtures(*ids)
    workspace.pin(*ids)
    assert workspace.land(*ids) == 0
    return workspace


@pytest.fixture(scope="session")
def mirror_warehouse(tmp_path_factory) -> Path:
    """The warehouse built once per test session from the publishers' files in SOURCE_MIRROR,
    for the tests (marked mirror) that check the marts against published figures. Skipped
    when SOURCE_MIRROR is not set."""
    if not MIRROR or not Path(MIRROR).is_dir():
        pytest.skip("SOURCE_MIRROR not set")
    from tests.test_build import make

    root = tmp_path_factory.mktemp("mirror_build")
    ws = Workspace(root, Path(MIRROR), root / "data", SOURCES_DIR)
    result = make(ws, registry=False, mirror=MIRROR)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "warehouse.duckdb"


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

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server_state
    httpd.shutdown()
    httpd.server_close()
