"""Fetch over HTTP (against a server the test starts on 127.0.0.1) and from SOURCE_MIRROR."""

import hashlib
from pathlib import Path

import pytest

from ingest import fetch as fetch_module
from ingest.errors import IngestError
from ingest.fetch import fetch
from ingest.registry import Source, SourceFile

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
