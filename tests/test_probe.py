"""`make check-sources`: a dry run of the online path against servers on 127.0.0.1."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rich.console import Console

from ingest.probe import check_sources
from tests.test_fetch import CSV, make_source


@pytest.fixture(autouse=True)
def scratch(monkeypatch, tmp_path):
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SOURCE_MIRROR", raising=False)


@pytest.fixture
def head_server():
    """HEAD /same: the pinned size; /other: another size; /nolength: no size on HEAD, the
    total in Content-Range on a one-byte range request; /gone: 404."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_HEAD(self):  # noqa: N802
            requests.append(("HEAD", self.path))
            sizes = {"/same": len(CSV), "/other": len(CSV) + 5}
            self.send_response(404 if self.path == "/gone" else 200)
            if self.path in sizes:
                self.send_header("Content-Length", str(sizes[self.path]))
            self.end_headers()

        def do_GET(self):  # noqa: N802
            requests.append(("GET", self.path, self.headers.get("Range")))
            self.send_response(206)
            self.send_header("Content-Range", f"bytes 0-0/{len(CSV)}")
            self.send_header("Content-Length", "1")
            self.end_headers()
            self.wfile.write(CSV[:1])

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def run(sources, **kwargs) -> tuple[int, str]:
    console = Console(record=True, width=300)
    code = check_sources(sources, console, **kwargs)
    return code, " ".join(console.export_text().split())


def test_reports_url_cache_and_served_size(head_server, tmp_path):
    url, requests = head_server
    same, _ = make_source(f"{url}/same")
    nolength, _ = make_source(f"{url}/nolength")
    cached = tmp_path / "data/downloads/demo/t.csv"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(CSV)
    code, out = run([same, nolength])
    assert code == 0
    local = "demo/t.csv: local copy: the pinned bytes (data/downloads)"
    assert f"{local}; served now: {len(CSV)} bytes, as pinned {url}/same" in out
    assert f"served now: {len(CSV)} bytes, as pinned {url}/nolength" in out
    assert ("GET", "/nolength", "bytes=0-0") in requests  # HEAD gave no size
    assert not any(r[0] == "GET" and r[1] == "/same" for r in requests)  # nothing downloaded


@pytest.mark.parametrize(
    "path, shown", [("other", f"{len(CSV) + 5} bytes, pinned {len(CSV)}"), ("gone", "HTTP 404")]
)
def test_a_url_that_no_longer_serves_the_pin_fails(head_server, path, shown):
    url, _ = head_server
    source, _ = make_source(f"{url}/{path}")
    code, out = run([source])
    assert code == 1
    assert f"local copy: none yet; served now: {shown}" in out
    assert "1 URL(s) no longer serve the pinned file" in out


def test_offline_says_so_and_exits_cleanly(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nobody listens here once closed
    first, _ = make_source(f"http://127.0.0.1:{port}/a.csv")
    downloads = tmp_path / "data/downloads/demo"
    downloads.mkdir(parents=True)
    (downloads / "t.csv").write_bytes(b"changed\n")
    code, out = run([first, first])
    assert code == 0
    assert "offline: 127.0.0.1: the connection was refused; listing local copies only" in out
    assert "local copy: differs from the pin (data/downloads)" in out
    assert out.count("offline:") == 3  # said once, then on each file


def test_member_of_an_archive_shows_the_archive_url_and_member(head_server):
    from tests.test_fetch import MEMBERS, archive_source, wheel

    url, requests = head_server
    source = archive_source(f"{url}/same", wheel(MEMBERS))
    _, out = run([source], network=False)
    assert f"{url}/same (member pkg/data/a.json)" in out and "not asked (--offline)" in out
    assert requests == []
