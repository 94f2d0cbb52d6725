"""Fetch over HTTP (against a server the test starts on 127.0.0.1) and from SOURCE_MIRROR."""

import gzip
import hashlib
import io
import socket
import threading
import zipfile
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from ingest import fetch as fetch_module
from ingest.errors import IngestError
from ingest.fetch import fetch
from ingest.registry import Archive, Source, SourceFile

CSV = b"a,b\n1,2\n3,4\n"


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch, tmp_path):
    monkeypatch.setattr(fetch_module, "BACKOFF_SECONDS", 0.01)
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SOURCE_MIRROR", raising=False)


def make_source(url: str, body: bytes = CSV, fmt: str = "csv", name: str = "t.csv"):
    file = SourceFile(
        name=name, url=url, sha256=hashlib.sha256(body).hexdigest(), bytes=len(body), format=fmt
    )
    source = Source(
        id="demo",
        family="test",
        publisher="p",
        title="t",
        licence="l",
        homepage="h",
        mirror_dir="demo",
        vintage="v",
        caveats="",
        files={name: file},
        tables={},
        registry_file=Path("demo.yml"),
    )
    return source, file


def downloaded(tmp_path) -> list[Path]:
    return [
        p
        for p in (tmp_path / "data" / "downloads").rglob("*")
        if p.is_file() and p.name != ".sha256-cache.json"
    ]


def test_download_verifies_and_writes(http_server, tmp_path):
    source, file = make_source(http_server.serve("t.csv", (200, CSV)))
    path = fetch(source, file)
    assert path.read_bytes() == CSV
    assert fetch(source, file) == path  # cached: no second request
    assert http_server.hits["/t.csv"] == 1


def test_retries_on_5xx_then_succeeds(http_server):
    source, file = make_source(http_server.serve("t.csv", (503, b"busy"), (502, b""), (200, CSV)))
    assert fetch(source, file).read_bytes() == CSV
    assert http_server.hits["/t.csv"] == 3


def test_gives_up_after_repeated_5xx(http_server, tmp_path):
    source, file = make_source(http_server.serve("t.csv", (500, b"down")))
    with pytest.raises(IngestError, match=r"source demo; file t.csv.*after 4 attempts.*500"):
        fetch(source, file)
    assert http_server.hits["/t.csv"] == 4
    assert downloaded(tmp_path) == []


def test_404_is_not_retried(http_server, tmp_path):
    source, file = make_source(http_server.serve("t.csv", (404, b"nope")))
    with pytest.raises(IngestError, match="HTTP 404"):
        fetch(source, file)
    assert http_server.hits["/t.csv"] == 1
    assert downloaded(tmp_path) == []


def test_connection_dropped_mid_download_is_retried(http_server):
    source, file = make_source(http_server.serve("t.csv", ("drop", CSV), (200, CSV)))
    assert fetch(source, file).read_bytes() == CSV
    assert http_server.hits["/t.csv"] == 2


def test_connection_always_dropped_writes_nothing(http_server, tmp_path):
    source, file = make_source(http_server.serve("t.csv", ("drop", CSV)))
    with pytest.raises(IngestError, match="download failed after 4 attempts"):
        fetch(source, file)
    assert downloaded(tmp_path) == []


def test_checksum_mismatch_is_a_clear_error_and_writes_nothing(http_server, tmp_path):
    source, file = make_source(http_server.serve("t.csv", (200, b"a,b\n9,9\n3,4\n")), body=CSV)
    with pytest.raises(IngestError, match=r"file t.csv\] checksum mismatch: pinned sha256"):
        fetch(source, file)
    assert downloaded(tmp_path) == []


def test_html_page_served_as_csv_is_rejected(http_server, tmp_path):
    page = b"<!DOCTYPE html><html><body>Service unavailable</body></html>"
    source, file = make_source(http_server.serve("t.csv", (200, page)), body=page)
    with pytest.raises(IngestError, match="expected csv, got an HTML page"):
        fetch(source, file)
    assert downloaded(tmp_path) == []


def test_size_bound_stops_an_oversized_download(http_server, tmp_path):
    big = CSV * 1000
    source, file = make_source(http_server.serve("t.csv", (200, big)), body=CSV)
    with pytest.raises(IngestError, match="exceeds the size bound"):
        fetch(source, file)
    assert downloaded(tmp_path) == []


def test_mirror_is_read_in_place(tmp_path, monkeypatch):
    mirror = tmp_path / "mirror"
    (mirror / "demo").mkdir(parents=True)
    (mirror / "demo" / "t.csv").write_bytes(CSV)
    monkeypatch.setenv("SOURCE_MIRROR", str(mirror))
    source, file = make_source("http://127.0.0.1:9/never-used")
    assert fetch(source, file) == mirror / "demo" / "t.csv"
    assert downloaded(tmp_path) == []


def test_missing_mirror_file_names_the_path(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_MIRROR", str(tmp_path / "mirror"))
    source, file = make_source("http://127.0.0.1:9/never-used")
    with pytest.raises(IngestError, match="not found in SOURCE_MIRROR"):
        fetch(source, file)


# Odd responses: servers on 127.0.0.1 scripted per path (handler -> None).


@contextmanager
def odd_server(routes: dict):
    """Serve `routes` ({path: fn(handler)}) on 127.0.0.1; yields (base URL, hits per path)."""
    hits: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # chunked transfer needs it

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 (http.server's name)
            hits[self.path] = hits.get(self.path, 0) + 1
            self.accept_encoding = self.headers.get("Accept-Encoding")
            routes.get(self.path, lambda h: reply(h, 404, b"not found"))(self)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def reply(h, status: int, body: bytes, headers: dict | None = None, length: bool = True):
    h.send_response(status)
    for name, value in (headers or {}).items():
        h.send_header(name, value)
    if length:
        h.send_header("Content-Length", str(len(body)))
    else:
        h.send_header("Connection", "close")
    h.end_headers()
    h.wfile.write(body)
    h.close_connection = not length


def chunked(h, body: bytes, headers: dict | None = None):
    h.send_response(200)
    for name, value in {"Transfer-Encoding": "chunked", **(headers or {})}.items():
        h.send_header(name, value)
    h.end_headers()
    for i in range(0, len(body), 7):
        part = body[i : i + 7]
        h.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
    h.wfile.write(b"0\r\n\r\n")


BIG_CSV = b"year,value\n" + b"".join(b"%d,%d.5\n" % (2000 + i % 25, i) for i in range(3000))
GZIP = {"Content-Encoding": "gzip"}


@pytest.mark.parametrize(
    "route",
    [
        pytest.param(lambda h: reply(h, 200, gzip.compress(BIG_CSV), GZIP), id="gzip-with-length"),
        pytest.param(
            lambda h: reply(h, 200, gzip.compress(BIG_CSV), GZIP, length=False),
            id="gzip-without-length",
        ),
        pytest.param(lambda h: chunked(h, BIG_CSV), id="chunked"),
        pytest.param(lambda h: chunked(h, gzip.compress(BIG_CSV), GZIP), id="gzip-chunked"),
    ],
)
def test_compressed_and_chunked_bodies_land_the_pinned_bytes(route):
    """A server may compress although asked for identity (a Content-Length then counts the
    compressed bytes on the wire), or send no length at all: the file is the pinned one."""
    with odd_server({"/t.csv": route}) as (url, hits):
        source, file = make_source(f"{url}/t.csv", body=BIG_CSV)
        assert fetch(source, file).read_bytes() == BIG_CSV
    assert hits["/t.csv"] == 1  # no retry: the body was complete


def test_downloads_ask_for_identity_encoding():
    seen = []

    def route(h):
        seen.append(h.accept_encoding)
        reply(h, 200, CSV)

    with odd_server({"/t.csv": route}) as (url, _):
        fetch(*make_source(f"{url}/t.csv"))
    assert seen == ["identity"]


def test_gzip_body_cut_short_is_a_dropped_connection():
    wire = gzip.compress(BIG_CSV)

    def cut(h):
        h.send_response(200)
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(wire)))
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(wire[: len(wire) // 2])
        h.close_connection = True

    with odd_server({"/t.csv": cut}) as (url, hits):
        source, file = make_source(f"{url}/t.csv", body=BIG_CSV)
        with pytest.raises(IngestError, match="download failed after 4 attempts"):
            fetch(source, file)
    assert hits["/t.csv"] == 4


def test_redirect_to_another_host_is_followed_and_recorded(tmp_path):
    with odd_server({"/files/t.csv": lambda h: reply(h, 200, CSV)}) as (other, _):
        elsewhere = other.replace("127.0.0.1", "localhost") + "/files/t.csv"
        moved = {"/t.csv": lambda h: reply(h, 302, b"", {"Location": elsewhere})}
        with odd_server(moved) as (url, hits):
            source, file = make_source(f"{url}/t.csv")
            path = fetch(source, file)
    assert path.read_bytes() == CSV and hits["/t.csv"] == 1
    note = fetch_module.retrieval(source, file, path)
    assert note["method"] == "download" and note["retrieved_at"]
    assert note["note"] == f"downloaded from {elsewhere}"  # the time is in retrieved_at


def test_html_login_page_in_place_of_a_workbook_is_rejected(tmp_path):
    login = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>...</body></html>"
    route = {"/annex.xlsx": lambda h: reply(h, 200, login, {"Content-Type": "text/html"})}
    with odd_server(route) as (url, hits):
        workbook = b"PK\x03\x04" + bytes(1000)
        source, file = make_source(f"{url}/annex.xlsx", workbook, fmt="xlsx", name="annex.xlsx")
        with pytest.raises(IngestError, match=r"annex.xlsx\] expected xlsx, got an HTML page"):
            fetch(source, file)
    assert hits["/annex.xlsx"] == 1  # not retried: a page is an answer, not a glitch
    assert downloaded(tmp_path) == []


def test_stalled_response_times_out_then_is_retried(monkeypatch):
    monkeypatch.setattr(fetch_module, "TIMEOUT", httpx.Timeout(0.3, connect=1.0))
    release = threading.Event()
    answers = iter(["stall", "ok"])

    def route(h):
        if next(answers) == "stall":
            h.send_response(200)
            h.send_header("Content-Length", str(len(CSV)))
            h.end_headers()
            h.wfile.write(CSV[:3])
            h.wfile.flush()
            release.wait(5)  # say nothing more until the client has given up
            h.close_connection = True
            return
        reply(h, 200, CSV)

    with odd_server({"/t.csv": route}) as (url, hits):
        source, file = make_source(f"{url}/t.csv")
        try:
            assert fetch(source, file).read_bytes() == CSV
        finally:
            release.set()
    assert hits["/t.csv"] == 2


def test_refused_connection_fails_at_once_suggesting_the_mirror():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    source, file = make_source(f"http://127.0.0.1:{port}/t.csv")
    with pytest.raises(IngestError, match="connection was refused.*SOURCE_MIRROR") as info:
        fetch(source, file)
    assert "attempts" not in str(info.value)


def test_name_that_does_not_resolve_fails_at_once(monkeypatch):
    calls = []

    def no_dns(host, *args, **kwargs):
        calls.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    source, file = make_source("http://publisher.invalid/t.csv")
    with pytest.raises(IngestError, match="host name does not resolve.*SOURCE_MIRROR"):
        fetch(source, file)
    assert calls == ["publisher.invalid"]  # one try, no retries


# Files inside a pinned archive (the codecarbon wheel)

MEMBERS = {"pkg/data/a.json": b'{"a": 1}\n', "pkg/data/b.csv": CSV}


def wheel(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return buffer.getvalue()


def archive_source(url: str, archive_body: bytes, members=MEMBERS, archive_sha=None) -> Source:
    archive = Archive(
        name="pkg-1.0-py3-none-any.whl",
        url=url,
        sha256=archive_sha or hashlib.sha256(archive_body).hexdigest(),
        bytes=len(archive_body),
    )
    files = {
        Path(member).name: SourceFile(
            name=Path(member).name,
            url=url,
            sha256=hashlib.sha256(body).hexdigest(),
            bytes=len(body),
            format=Path(member).suffix[1:],
            archive=archive,
            member=member,
        )
        for member, body in members.items()
    }
    source, _ = make_source(url)
    return replace(source, files=files)


def test_members_come_from_one_download_of_the_pinned_archive(tmp_path):
    body = wheel(MEMBERS)
    with odd_server({"/pkg.whl": lambda h: reply(h, 200, body)}) as (url, hits):
        source = archive_source(f"{url}/pkg.whl", body)
        paths = {name: fetch(source, f) for name, f in source.files.items()}
        assert {n: p.read_bytes() for n, p in paths.items()} == {
            "a.json": MEMBERS["pkg/data/a.json"],
            "b.csv": CSV,
        }
        (tmp_path / "data/downloads/demo/b.csv").unlink()  # a member lost: extracted again
        assert fetch(source, source.files["b.csv"]).read_bytes() == CSV
    assert hits["/pkg.whl"] == 1  # downloaded once, then read from data/downloads
    note = fetch_module.retrieval(source, source.files["a.json"], paths["a.json"])
    assert note["note"].startswith("extracted from pkg-1.0-py3-none-any.whl, downloaded from ")
    assert note["retrieved_at"]  # the time is a field of its own, not in the note


def test_archive_not_matching_its_pin_is_refused_and_not_kept(tmp_path):
    body = wheel(MEMBERS)
    with odd_server({"/pkg.whl": lambda h: reply(h, 200, body)}) as (url, _):
        source = archive_source(f"{url}/pkg.whl", body, archive_sha="0" * 64)
        with pytest.raises(IngestError, match=r"file pkg-1.0-py3-none-any.whl\] checksum mismatch"):
            fetch(source, source.files["a.json"])
    assert downloaded(tmp_path) == []


def test_member_not_matching_its_pin_is_refused(tmp_path):
    body = wheel({**MEMBERS, "pkg/data/b.csv": b"a,b\n9,9\n"})
    with odd_server({"/pkg.whl": lambda h: reply(h, 200, body)}) as (url, _):
        source = archive_source(f"{url}/pkg.whl", body)  # members pinned to MEMBERS
        with pytest.raises(IngestError, match=r"file b.csv\] checksum mismatch"):
            fetch(source, source.files["b.csv"])
    assert not (tmp_path / "data/downloads/demo/b.csv").exists()


def test_member_missing_from_the_archive_names_it():
    body = wheel({"pkg/data/a.json": MEMBERS["pkg/data/a.json"]})
    with odd_server({"/pkg.whl": lambda h: reply(h, 200, body)}) as (url, _):
        source = archive_source(f"{url}/pkg.whl", body)
        with pytest.raises(IngestError, match=r"file b.csv\] .*whl has no member pkg/data/b.csv"):
            fetch(source, source.files["b.csv"])


def test_members_are_read_from_the_mirror_as_extracted_files(tmp_path, monkeypatch):
    """SOURCE_MIRROR holds the extracted files, as for any source: no archive is involved."""
    mirror = tmp_path / "mirror"
    (mirror / "demo").mkdir(parents=True)
    (mirror / "demo" / "b.csv").write_bytes(CSV)
    monkeypatch.setenv("SOURCE_MIRROR", str(mirror))
    source = archive_source("http://127.0.0.1:9/never-used.whl", wheel(MEMBERS))
    path = fetch(source, source.files["b.csv"])
    assert path == mirror / "demo" / "b.csv"
    assert downloaded(tmp_path) == []
    note = fetch_module.retrieval(source, source.files["b.csv"], path)
    assert note == {
        "method": "mirror",
        "retrieved_at": None,
        "note": "read from a SOURCE_MIRROR copy (demo/b.csv); when it was retrieved is unknown",
    }
