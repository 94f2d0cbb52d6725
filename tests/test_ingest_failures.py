"""Several sources failing in one run: the others still land, the run exits non-zero, and
the report names every failing source and file."""

import re

import polars as pl

from tests.conftest import force_reland

LANDS = ["ember", "google", "cso"]


def test_every_failing_source_is_named_and_the_rest_lands(landed, capsys, monkeypatch):
    force_reland(monkeypatch, "country_yearly")  # so ember's served file is fetched and checked
    cso = landed.mirror / "cso_ireland_mec02" / "MEC02.csv"
    text = cso.read_text()
    value = int(re.search(r'"Data centres","GWh","(\d+)"', text).group(1))
    cso.write_text(
        text.replace(f'"Data centres","GWh","{value}"', f'"Data centres","GWh","{value + 1}"', 1)
    )
    landed.pin("cso")  # a new, valid vintage of the CSO table
    ember = landed.mirror / "ember_data_api" / "api_country_overview_yearly.csv"
    ember.write_bytes(b"<!DOCTYPE html><html><body>Bad gateway</body></html>")
    google = landed.mirror / "google_region_carbon_info" / "yearly" / "2024.csv"
    google.write_text(google.read_text().replace("Google CFE", "Google CFE %", 1))
    landed.pin("google")
    unchanged = {k: v for k, v in landed.snapshot().items() if "/cso/" not in k}
    capsys.readouterr()

    assert landed.land(*LANDS) == 1

    err = " ".join(capsys.readouterr().err.split())
    assert "2 table(s) failed" in err
    assert "ember (api_country_overview_yearly.csv)" in err
    assert "google (" in err and "2024.csv" in err
    assert "expected csv, got an HTML page" in err and "header changed" in err
    after = landed.snapshot()
    assert {k: after[k] for k in unchanged} == unchanged  # ember's and google's as they were
    mec02 = pl.read_parquet(landed.data / "raw" / "cso" / "mec02.parquet")
    assert value + 1 in mec02["consumption_gwh"].to_list()
