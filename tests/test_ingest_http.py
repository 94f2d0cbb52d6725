"""Bad input on the way in over HTTP, end to end through `python -m ingest land`: a 404 and a
connection dropped mid-download each fail the source with a clear message and change
nothing that was landed before."""

import hashlib
import json
import re
import shutil
from dataclasses import replace

import polars as pl
import pytest

from ingest import fetch as fetch_module
from ingest.settings import use

LANDS = ["ember"]
YEARLY = "api_country_overview_yearly.csv"


@pytest.fixture
def served(landed, http_server, monkeypatch):
    """Ember landed from the fixture; then, without a mirror, its yearly file re-pinned to a
    new vintage on a local server (the other files are already downloaded and unchanged)."""
    monkeypatch.setattr(fetch_module, "BACKOFF_SECONDS", 0.01)
    downloads = landed.data / "downloads" / "ember"
    shutil.copytree(landed.mirror / "ember_data_api", downloads)
    (downloads / YEARLY).unlink()
    body = (landed.mirror / "ember_data_api" / YEARLY).read_bytes().replace(b"472.99", b"473.5")
    yml = landed.registry / "ember.yml"
    entry = re.compile(
        rf"(  {YEARLY}:\n    url: )\S+\n(    live_url: \S+\n)    sha256: \w+\n    bytes: \d+\n"
    )
    pin = (
        rf"\g<1>{http_server.url}/{YEARLY}\n\g<2>    sha256: {hashlib.sha256(body).hexdigest()}\n"
        f"    bytes: {len(body)}\n"
    )
    text, n = entry.subn(pin, yml.read_text())
    assert n == 1
    yml.write_text(text)
    with use(replace(landed.settings.ingest, mirror=None)):
        yield landed, http_server, body


def test_404_fails_the_source_and_changes_nothing(served, capsys):
    ws, server, _ = served
    server.serve(YEARLY, (404, b"Not Found"))
    ws.land_fails(capsys, "ember", f"source ember; file {YEARLY}] HTTP 404")


def test_dropped_connection_fails_after_retries_and_changes_nothing(served, capsys):
    ws, server, body = served
    server.serve(YEARLY, ("drop", body))
    failed = f"source ember; file {YEARLY}] download failed after 4 attempts"
    ws.land_fails(capsys, "ember", failed)
    assert server.hits[f"/{YEARLY}"] == 4


def test_recovered_server_lands_the_new_vintage(served):
    ws, server, body = served
    server.serve(YEARLY, (503, b""), (200, body))
    assert ws.land("ember") == 0
    frame = pl.read_parquet(ws.data / "raw/ember/country_yearly.parquet")
    assert 473.5 in frame["emissions_intensity_gco2_per_kwh"].to_list()
    manifest = json.loads((ws.data / "raw/ember/country_yearly.manifest.json").read_text())
    (file,) = manifest["files"]
    assert file["retrieval_method"] == "download" and file["retrieved_at"]
    assert file["retrieval_note"] == f"downloaded from {server.url}/{YEARLY}"
    assert manifest["retrieved_at"] == file["retrieved_at"]
