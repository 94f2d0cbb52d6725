"""The EIA API v2 client, against an API the test serves on 127.0.0.1 in EIA's JSON shape:
without a key the source is skipped once and the run stays green; with one, every page is
fetched (a 5xx retried), the snapshot lands through the usual parse/validate/land path, and
the key appears in no file written and no message."""

import json
import logging
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import polars as pl
import pytest

from ingest import cli
from ingest import fetch as fetch_module
from ingest.sources import eia_api
from tests.conftest import serve
from tests.fixtures import eia_api as fixture

KEY = "k3y-S3CRET/+="  # characters that URL-encoding changes, so both forms are checked
KEY_FORMS = [KEY.encode(), b"k3y-S3CRET%2F%2B%3D", b"S3CRET"]
ROUTE = "/v2/electricity/electric-power-operational-data/data/"
PUBLIC_URL = f"https://api.eia.gov{ROUTE}"
SNAPSHOT = "electric_power_operational_data_annual.json"
RAW = "raw/eia_api/state_generation_yearly"


@dataclass
class FakeApi:
    """Answers the data route: rows[offset:offset+length], total = len(rows) (or `total`);
    `fail_first[offset]` lists statuses to send before the real answer; `status` answers
    every request with that status."""

    url: str = ""
    rows: list = field(default_factory=fixture.records)
    total: int | None = None
    fail_first: dict = field(default_factory=dict)
    status: int | None = None
    requests: list = field(default_factory=list)

    def answer(self, path: str) -> tuple[int, bytes]:
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        self.requests.append(query)
        if self.status:
            return self.status, b'{"error": "service unavailable"}'
        if parts.path != ROUTE or query.get("api_key") != [KEY]:
            return 403, b'{"error": {"code": "API_KEY_INVALID"}}'
        offset, length = int(query["offset"][0]), int(query["length"][0])
        if self.fail_first.get(offset):
            return self.fail_first[offset].pop(0), b"upstream timeout"
        total = len(self.rows) if self.total is None else self.total
        return 200, fixture.answer(self.rows[offset : offset + length], total)


@pytest.fixture
def api():
    state = FakeApi()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 (http.server's name)
            status, body = state.answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serve(Handler) as url:
        state.url = url
        yield state


@pytest.fixture
def live(workspace, api, monkeypatch, caplog):
    """The workspace's registry pointed at the local API, with a key and three-row pages."""
    yml = workspace.registry / "eia_api.yml"
    yml.write_text(yml.read_text().replace(PUBLIC_URL, f"{api.url}{ROUTE}"))
    monkeypatch.setenv("EIA_API_KEY", KEY)
    monkeypatch.setattr(eia_api, "PAGE_LENGTH", 3)
    monkeypatch.setattr(fetch_module, "BACKOFF_SECONDS", 0.01)
    caplog.set_level(logging.DEBUG)  # so a logged URL would be caught
    return workspace


def assert_key_nowhere(workspace, *texts: str) -> None:
    for path in workspace.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(form in data for form in KEY_FORMS), f"key in {path}"
    for text in texts:
        assert not any(form.decode() in text for form in KEY_FORMS), "key in a message"


def test_without_a_key_it_says_so_once_and_the_run_stays_green(workspace, capsys):
    assert workspace.land("eia_api") == 0
    err = " ".join(capsys.readouterr().err.split())
    message = (
        "EIA_API_KEY not set: skipping eia_api; the EIA-derived Ember US-state series is "
        "used instead"
    )
    assert err.count(message) == 1 and err.count("EIA_API_KEY") == 1
    assert "ingest: 0 landed, 0 unchanged, 0 failed, 1 skipped" in err
    assert not (workspace.data / "raw" / "eia_api").exists()


def test_lands_every_page_retrying_a_5xx_and_keeps_the_key_out(live, api, capsys, caplog):
    api.fail_first = {0: [503]}
    assert live.land("eia_api") == 0
    offsets = [q["offset"][0] for q in api.requests]
    assert offsets == ["0", "0", "3", "6"]  # 7 rows in pages of 3; the 503 was retried
    first = api.requests[0]
    assert first["frequency"] == ["annual"] and first["data[0]"] == ["generation"]
    assert first["facets[sectorid][]"] == ["99"] and len(first["facets[location][]"]) == 52
    assert first["length"] == ["3"] and first["sort[0][column]"] == ["period"]

    frame = pl.read_parquet(live.data / f"{RAW}.parquet")
    assert frame.height == len(fixture.GWH)
    virginia = frame.filter(pl.col("state_code") == "VA").sort("fuel_type_id")
    assert virginia.select("fuel_type_id", "net_generation_gwh").rows() == [
        ("ALL", 99263.5),
        ("HPS", -1192.6),
        ("NG", 59381.2),
    ]
    assert frame.schema["year"] == pl.Int64 and set(frame["unit"]) == {"thousand megawatthours"}

    snapshot = live.data / "downloads" / "eia_api" / SNAPSHOT
    doc = json.loads(snapshot.read_text())
    assert doc["total"] == 7 and doc["data"] == fixture.records()
    assert ["frequency", "annual"] in doc["query"]
    manifest = json.loads((live.data / f"{RAW}.manifest.json").read_text())
    assert manifest["url"] == f"{api.url}{ROUTE}"  # the route, never a keyed request
    assert manifest["files"][0]["read_from"] == str(snapshot)
    assert manifest["files"][0]["sha256"] == fetch_module.sha256_of(snapshot)
    assert manifest["files"][0]["bytes"] == snapshot.stat().st_size
    assert manifest["vintage"].startswith("live")

    capsys.readouterr()
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "eia_api.state_generation_yearly" in out and "live snapshot" in out
    assert_key_nowhere(live, out, caplog.text)


def test_same_answer_lands_nothing_and_a_revision_relands(live, api, capsys):
    assert live.land("eia_api") == 0
    before = live.snapshot()
    capsys.readouterr()
    assert live.land("eia_api") == 0
    assert "ingest: 0 landed, 1 unchanged, 0 failed" in capsys.readouterr().err
    assert live.snapshot() == before
    api.rows[1]["generation"] = "59400.0"  # EIA revises Virginia's gas
    assert live.land("eia_api") == 0
    assert "ingest: 1 landed, 0 unchanged, 0 failed" in capsys.readouterr().err
    frame = pl.read_parquet(live.data / f"{RAW}.parquet")
    revised = frame.filter((pl.col("state_code") == "VA") & (pl.col("fuel_type_id") == "NG"))
    assert revised["net_generation_gwh"].item() == 59400.0


def _always(status):
    return lambda api: setattr(api, "status", status)


def _records_with(**changes):
    def change(api):
        for field_name, value in changes.items():
            api.rows[2][field_name] = value

    return change


BAD = {
    "the API keeps failing": (
        _always(503),
        ["download failed after 4 attempts: HTTP 503 from http://127.0.0.1", "api_key=***"],
    ),
    "the key is refused": (
        lambda api: setattr(api, "fail_first", {0: [403]}),  # 4xx: not retried
        ["HTTP 403 from http://127.0.0.1", "api_key=***"],
    ),
    "fewer rows than the total": (
        lambda api: setattr(api, "total", 8),
        ["the API returned 7 rows, its total says 8"],
    ),
    "not the API's JSON": (
        lambda api: setattr(api, "rows", "an error page"),  # response.data is not a list
        ["unexpected answer at offset 0"],
    ),
    "unit changed": (
        _records_with(**{"generation-units": "megawatthours"}),
        ["column unit: isin", "rows 3"],
    ),
    "unknown fuel type": (
        _records_with(fueltypeid="XYZ"),
        ["column fuel_type_id: isin", "rows 3", "XYZ"],
    ),
    "a field renamed": (
        lambda api: [row.update(value=row.pop("generation")) for row in api.rows],
        ["header changed (renamed?)", "missing ['generation']", "unexpected ['value']"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_answer_fails_without_the_key_and_changes_nothing(live, api, capsys, caplog, case):
    assert live.land("eia_api") == 0
    before = {k: v for k, v in live.snapshot().items() if not k.startswith("downloads")}
    change, expected = BAD[case]
    change(api)
    capsys.readouterr()
    assert live.land("eia_api") == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "source eia_api" in err
    for fragment in expected:
        assert fragment in err, f"{fragment!r} not in {err!r}"
    assert {k: v for k, v in live.snapshot().items() if not k.startswith("downloads")} == before
    assert_key_nowhere(live, err, caplog.text)
