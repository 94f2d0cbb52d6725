"""`make update-sources` looks for a new vintage at each file's live URL (a local server here)
and re-pins the registry; a new vintage is pinned to the live URL, which the registry test
then refuses until someone points `url` at an immutable copy."""

import hashlib
import io
import zipfile

import pytest
import yaml
from rich.console import Console

from ingest import fetch as fetch_module
from ingest.pins import update_pins
from ingest.registry import immutable_kind, load_registry

OLD, NEW = b"a,b\n1,2\n", b"a,b\n1,3\n"
COMMIT = "https://raw.githubusercontent.com/o/r/" + "0" * 40


def sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def wheel() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("pkg/m.csv", OLD)
    return buffer.getvalue()


REGISTRY = """\
id: demo
family: test
publisher: p
title: t
licence: l
homepage: https://example.org
mirror_dir: demo
vintage: v1
archives:
  pkg.whl:
    url: https://files.pythonhosted.org/packages/00/pkg.whl
    sha256: {wheel_sha}
    bytes: {wheel_bytes}
files:
  same.csv:
    url: {commit}/same.csv
    live_url: {live}/same.csv
    sha256: {old_sha}
    bytes: {old_bytes}
    format: csv
  plain.csv:
    url: {commit}/plain.csv
    live_url: {live}/plain.csv
    sha256: {old_sha}
    bytes: {old_bytes}
    format: csv
  m.csv:
    archive: pkg.whl
    member: pkg/m.csv
    live_url: {live}/m.csv
    sha256: {old_sha}
    bytes: {old_bytes}
    format: csv
tables:
  t:
    description: d
    files: [same.csv, plain.csv, m.csv]
    parser: p
    schema: s
"""


@pytest.fixture
def registry(tmp_path, monkeypatch, http_server):
    monkeypatch.setattr(fetch_module, "BACKOFF_SECONDS", 0.01)
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SOURCE_MIRROR", raising=False)
    http_server.serve("same.csv", (200, OLD))
    http_server.serve("plain.csv", (200, NEW))
    http_server.serve("m.csv", (200, NEW))
    body = wheel()
    (tmp_path / "demo.yml").write_text(
        REGISTRY.format(
            wheel_sha=sha(body),
            wheel_bytes=len(body),
            commit=COMMIT,
            live=http_server.url,
            old_sha=sha(OLD),
            old_bytes=len(OLD),
        )
    )
    return tmp_path


def test_new_vintage_is_pinned_from_the_live_url(registry, http_server, capsys):
    assert update_pins(list(load_registry(registry).values()), Console(stderr=True)) == 0
    doc = yaml.safe_load((registry / "demo.yml").read_text())
    same, plain, member = (doc["files"][n] for n in ("same.csv", "plain.csv", "m.csv"))
    assert same == {**same, "url": f"{COMMIT}/same.csv", "sha256": sha(OLD)}  # unchanged
    assert plain["url"] == plain["live_url"] == f"{http_server.url}/plain.csv"
    assert (plain["sha256"], plain["bytes"]) == (sha(NEW), len(NEW))
    assert "archive" not in member and member["url"] == f"{http_server.url}/m.csv"
    assert member["sha256"] == sha(NEW)
    assert http_server.hits == {"/same.csv": 1, "/plain.csv": 1, "/m.csv": 1}
    err = " ".join(capsys.readouterr().err.split())
    assert "demo/plain.csv: pinned" in err and "point `url` at an immutable copy" in err
    reloaded = load_registry(registry)["demo"].files
    assert immutable_kind(reloaded["plain.csv"].url) is None  # test_registry refuses it
    assert immutable_kind(reloaded["same.csv"].url)
