"""Landing the curated series (ingest/curated/*.csv), and the typing mistakes their checks
catch. The files are read from the repository (`repo:` URLs), so these tests land the real
curated files; bad input is written to a temporary copy and landed through ingest.land."""

import csv
import json
from pathlib import Path

import polars as pl
import pytest

from ingest.errors import IngestError
from ingest.land import land
from ingest.paths import REPO_ROOT
from ingest.registry import load_registry
from ingest.sources import curated

CURATED = REPO_ROOT / "ingest" / "curated"
TABLES = {
    "dc_electricity_estimates": 88,  # SDES-01/02 (France 2023) came with #20
    "company_figures": 31,
    "per_query_estimates": 9,
    "buildout_figures": 10,
    "company_report_figures": 413,
    "headline_figures": 19,
}


def _raw(ws, table: str) -> pl.DataFrame:
    return pl.read_parquet(ws.data / "raw" / "curated" / f"{table}.parquet")


def _figure(frame: pl.DataFrame, figure_id: str) -> dict:
    rows = frame.filter(pl.col("figure_id") == figure_id).to_dicts()
    assert len(rows) == 1, figure_id
    return rows[0]


def test_lands_every_table_from_the_repository(landed):
    for table, rows in TABLES.items():
        manifest = json.loads((landed.data / "raw/curated" / f"{table}.manifest.json").read_text())
        assert manifest["rows_landed"] == rows == manifest["rows_in"], table
        assert manifest["rows_rejected"] == 0
        assert manifest["family"] == "curated"
        # read in place from the repository, not from the (empty) SOURCE_MIRROR
        read_from = manifest["files"][0]["read_from"]
        assert read_from == str(CURATED / f"{table}.csv")
        assert manifest["url"] == f"repo:ingest/curated/{table}.csv"


def test_dc_estimates_keep_values_and_citations(landed):
    dc = _raw(landed, "dc_electricity_estimates")
    iea = _figure(dc, "IEA-01")
    assert (iea["value"], iea["unit"], iea["year"], iea["geography_code"]) == (
        415.0,
        "TWh",
        2024,
        "WORLD",
    )
    assert iea["url"] == "https://www.iea.org/reports/energy-and-ai"
    assert iea["publisher"] == "International Energy Agency (IEA)"
    assert iea["published"] == "2025-04-10" and iea["confidence"] == "high"
    assert iea["is_projection"] is False
    base = _figure(dc, "IEA-03")
    assert (base["value"], base["value_low"], base["value_high"]) == (945.0, 669.0, 1264.0)
    eu = _figure(dc, "E24-07")
    assert (eu["qualifier"], eu["value"], eu["geography_code"]) == ("slightly below", 100.0, "EU27")
    assert eu["value_published"] == "slightly below 100"
    growth = _figure(dc, "IEA-24")
    assert (growth["value"], growth["unit"], growth["unit_published"]) == (0.17, "frac/yr", "%")
    plateau = _figure(dc, "LBNL-05")
    assert (plateau["year"], plateau["period"]) == (2016, "2014-2016")
    lbnl = _figure(dc, "LBNL-06")
    assert lbnl["value"] is None and (lbnl["value_low"], lbnl["value_high"]) == (325.0, 580.0)
    assert _figure(dc, "MCK-01")["confidence"] == "low"
    assert dc.filter(pl.col("figure_id").str.starts_with("PJM")).height == 0  # left out


def test_european_figures_keep_their_scopes(landed):
    """France's figures in their three scopes (never added), the EU-28 study, Germany's and
    the Netherlands' series, as checked against the publishers."""
    dc = _raw(landed, "dc_electricity_estimates")
    scopes = {
        fid: (_figure(dc, fid)["scope"], _figure(dc, fid)["value"])
        for fid in ["ADEME-01", "ADEME-02", "ADEME-04", "ARCEP-01", "RTE-01"]
    }
    assert scopes == {
        "ADEME-01": ("data_centres", 8.16),
        "ADEME-02": ("digital_use_incl_abroad", 23.71),
        "ADEME-04": ("data_centres_and_server_rooms", 10.0),
        "ARCEP-01": ("operators_surveyed", 2.1),
        "RTE-01": ("data_centres", 10.0),
    }
    rte = _figure(dc, "RTE-02")  # RTE's two trajectories, no central value of its own
    assert rte["value"] is None and (rte["value_low"], rte["value_high"]) == (2.4, 4.3)
    demand = dc.filter(pl.col("figure_id").str.starts_with("RTE-03-")).sort("figure_id")
    assert demand["value"].to_list() == [510.0, 580.0, 470.0, 505.0]
    assert demand["scope"].null_count() == demand.height
    assert {_figure(dc, f)["geography_code"] for f in ["EC-01", "EC-02"]} == {"EU28"}
    assert _figure(dc, "CBS-03")["scenario"] == "measured"
    checked = dc.filter(pl.col("figure_id").str.contains(r"^(ADEME|RTE|ARCEP|EC|BITKOM|CBS)-"))
    assert checked["curation_notes"].str.contains("2026-12-06").all()


def test_every_metric_has_its_scopes():
    assert set(curated.METRIC_SCOPES) == set(curated.DC_METRICS)
    for scopes in curated.METRIC_SCOPES.values():
        assert set(scopes) <= set(curated.DC_SCOPES)


def test_split_rows_add_up(landed):
    dc = _raw(landed, "dc_electricity_estimates")
    split = dc.filter(pl.col("figure_id").str.starts_with("E24-11-"))
    assert split.height == 3 and split["unit"].unique().to_list() == ["frac"]
    assert split["value"].sum() == pytest.approx(1.0)
    epri = dc.filter(pl.col("figure_id").str.starts_with("EPRI-02-")).sort("value")
    assert epri["value"].to_list() == [0.037, 0.05, 0.1, 0.15]
    assert epri["scenario"].to_list() == ["low", "moderate", "high", "higher"]


def test_iea_regions_add_up_to_the_world(landed):
    """The regional rows (US, China, Europe, Asia Pacific excl. China, rest of world) sum to
    the IEA's world total: 416 TWh in 2024 (headline 415) and 946 in 2030 (headline 945)."""
    dc = _raw(landed, "dc_electricity_estimates")
    regions = dc.filter(pl.col("figure_id").str.contains(r"^IEA-(0[789]|1[01])[ab]$"))
    assert regions.height == 10
    totals = dict(regions.group_by("year").agg(pl.col("value").sum()).iter_rows())
    assert totals == {2024: 416.0, 2030: 946.0}
    for year, world_id in ((2024, "IEA-01"), (2030, "IEA-03")):
        assert abs(totals[year] - _figure(dc, world_id)["value"]) <= 1


def test_company_figures_are_converted(landed):
    co = _raw(landed, "company_figures")
    amazon = _figure(co, "AMZN-01")
    assert (amazon["value"], amazon["unit"], amazon["unit_published"]) == (
        68_820_000.0,
        "tCO2e",
        "MtCO2e",
    )
    cfe = _figure(co, "GOOG-07")
    assert (cfe["value"], cfe["unit"], cfe["company"]) == (0.64, "frac", "Google")
    msft = _figure(co, "MSFT-S2M-FY2021")
    assert (msft["value"], msft["year"], msft["period"]) == (163_935.0, 2021, "FY2021")
    assert _figure(co, "MSFT-04")["url"].startswith("https://www.latitudemedia.com/")
    meta = _figure(co, "META-01")
    assert meta["value"] == pytest.approx(14.975435) and meta["unit"] == "TWh"
    hypothetical = _figure(co, "DEV-06")
    assert hypothetical["year"] is None and hypothetical["period"] == "hypothetical"
    assert set(co["geography_code"]) == {"WORLD"}


def test_per_query_and_buildout(landed):
    pq = _raw(landed, "per_query_estimates")
    gemini = _figure(pq, "PQ-04")
    assert (gemini["value"], gemini["unit"], gemini["service"]) == (0.24, "Wh/query", "Gemini Apps")
    assert _figure(pq, "PQ-05")["unit"] == "gCO2e/query"
    assert _figure(pq, "DEV-07")["qualifier"] == "at most"
    bo = _raw(landed, "buildout_figures")
    abilene = _figure(bo, "SG-03")
    assert (abilene["geography_code"], abilene["site"], abilene["value"]) == (
        "US-TX",
        "Abilene, Texas",
        1.2,
    )
    assert _figure(bo, "SG-01")["value"] == 5e11 and _figure(bo, "IEA-19")["value"] == 5e11
    china = _figure(bo, "OAI-02")
    assert (china["value"], china["unit"], china["geography_code"]) == (429.0, "GW", "CHN")


def test_company_reports_keep_their_published_units_and_editions(landed):
    """The reference list is landed as is: each edition's figure in the report's unit."""
    reports = _raw(landed, "company_report_figures")
    assert reports.columns[:4] == ["figure_id", "metric", "value", "unit"]
    elec = _figure(reports, "GOOG-ELEC-2024-ER26")
    assert (elec["value"], elec["unit"], elec["year"]) == (31_713_900.0, "MWh", 2024)
    assert elec["title"] == "Google 2026 Environmental Report (fiscal year 2025)"
    assert _figure(reports, "GOOG-ELEC-2024-ER25")["value"] == 32_179_900.0  # restated
    amazon = _figure(reports, "AMZN-S1-2019-SR25")
    assert (amazon["value"], amazon["unit"]) == (5.76, "million tCO2e")
    assert _figure(reports, "GOOG-CFE-2025-ER26")["unit"] == "%"
    assert "fiscal year" in _figure(reports, "MSFT-S1-2025-FS26")["notes"]
    assert not _figure(reports, "GOOG-PUE-2019-ER24")["evidence"].startswith("http")


def test_microsoft_2024_edition_carries_both_of_its_tables(landed):
    """The 2024 fact sheet's totals, checked against its PDF: Table 1A (GHG Protocol, as
    printed, +40.4 % FY2023 on FY2020) and Table 1B (management's criteria, added), whose
    +29.1 % is the headline Microsoft's 2024 report states (MSFT-HL-01)."""
    reports = _raw(landed, "company_report_figures")

    def value(figure_id: str) -> float:
        return _figure(reports, figure_id)["value"]

    ghgp = value("MSFT-TOTAL-2023-FS24") / value("MSFT-TOTAL-2020-FS24") - 1
    criteria = value("MSFT-TOTALMC-2023-FS24") / value("MSFT-TOTALMC-2020-FS24") - 1
    assert round(ghgp, 3) == 0.404 and round(criteria, 3) == 0.291
    scope3 = value("MSFT-S3MC-2023-FS24") / value("MSFT-S3MC-2020-FS24") - 1
    assert round(scope3, 3) == 0.309  # the report's Scope 3 +30.9 %
    for year in (2020, 2023):
        row = _figure(reports, f"MSFT-TOTAL-{year}-FS24")
        assert "Checked against the pinned PDF (Table 1A, p.3)" in row["notes"]
        assert _figure(reports, f"MSFT-TOTALMC-{year}-FS24")["locator"] == "Table 1B, p.4"
    headline = _figure(_raw(landed, "headline_figures"), "MSFT-HL-01")
    assert (headline["value"], headline["unit"], headline["year"]) == (0.291, "frac_change", 2023)


def test_the_reference_list_is_kept_as_it_is(landed):
    """Apart from the rows it adds and the notes on the 2024 fact sheet's totals, the curated
    copy holds the reference list's rows unchanged."""
    reference = Path("/work/shared/reference/company_figures.csv")  # the project's list
    if not reference.is_file():
        pytest.skip("the project's reference list is not beside this checkout")
    ours = pl.read_csv(CURATED / "company_report_figures.csv", infer_schema=False)
    theirs = pl.read_csv(reference, infer_schema=False)
    added = ours.filter(~pl.col("id").is_in(theirs["id"].to_list()))
    assert sorted({i.rsplit("-", 2)[0] for i in added["id"]}) == ["MSFT-S3MC", "MSFT-TOTALMC"]
    changed = ours.join(theirs, on="id", suffix="_ref").filter(
        pl.any_horizontal(
            pl.col(c).fill_null("") != pl.col(f"{c}_ref").fill_null("")
            for c in theirs.columns
            if c != "id"
        )
    )
    assert sorted(changed["id"]) == [f"MSFT-TOTAL-{y}-FS24" for y in range(2020, 2024)]
    assert (changed["value"] == changed["value_ref"]).all()  # a note added, no value changed


def _set(figure_id: str, column: str, value: str | None, id_column: str = "figure_id"):
    def edit(frame: pl.DataFrame) -> pl.DataFrame:
        assert figure_id in frame[id_column].to_list()
        return frame.with_columns(
            pl.when(pl.col(id_column) == figure_id)
            .then(pl.lit(value, dtype=pl.String))
            .otherwise(pl.col(column))
            .alias(column)
        )

    return edit


def _duplicate(figure_id: str):
    def edit(frame: pl.DataFrame) -> pl.DataFrame:
        return pl.concat([frame, frame.filter(pl.col("figure_id") == figure_id)])

    return edit


DC, CO = "dc_electricity_estimates", "company_figures"
# case -> (table, edit, line of the bad row in the file, fragments of the error)
BAD = {
    "unit not in the list": (
        DC,
        _set("IEA-01", "unit", "PJ"),
        2,
        ["column unit", "isin(", "'PJ'", "not the unit of its metric"],
    ),
    "unit of another metric": (
        DC,
        _set("LBNL-08", "unit", "TWh"),
        39,
        ["unit: not the unit of its metric"],
    ),
    "percentage left as 64 instead of 0.64": (
        CO,
        _set("GOOG-07", "value", "64"),
        8,
        ["value: outside the range of its unit", "frac [0, 1]", "GOOG-07"],
    ),
    "MtCO2e left unconverted": (
        CO,
        _set("AMZN-01", "value", "68.82"),
        28,
        ["value: outside the range of its unit", "tCO2e [1000, 1e+09]"],
    ),
    "low above high": (
        DC,
        _set("LBNL-06", "value_low", "600"),
        38,
        ["value_low <= value <= value_high does not hold", "LBNL-06"],
    ),
    "value above its range": (
        DC,
        _set("IEA-03", "value", "1300"),
        3,
        ["value_low <= value <= value_high does not hold"],
    ),
    "missing url": (DC, _set("IEA-01", "url", None), 2, ["column url", "not_nullable"]),
    "http url": (
        DC,
        _set("IEA-01", "url", "http://www.iea.org/reports/energy-and-ai"),
        2,
        ["column url", "str_matches('^https://"],
    ),
    "qualifier left in the value": (
        DC,
        _set("IEA-16", "value", "more than 4"),
        14,
        ["column value", "cast to Float64", "'more than 4'"],
    ),
    "unknown qualifier": (DC, _set("E24-07", "qualifier", "circa"), 28, ["column qualifier"]),
    "unknown geography": (
        DC,
        _set("IEA-01", "geography_code", "XQZ"),
        2,
        ["column geography_code", "not a known geography code", "'XQZ'"],
    ),
    "year out of range": (
        DC,
        _set("IEA-07b", "year", "2075"),
        5,
        ["column year", "less_than_or_equal_to(2050)"],
    ),
    "year as published text": (
        DC,
        _set("LBNL-05", "year", "2014-2016"),
        37,
        ["column year", "cast to Int64", "'2014-2016'"],
    ),
    "future year marked as history": (
        DC,
        _set("IEA-07b", "is_projection", "false"),
        5,
        ["is_projection: false but the year is after publication"],
    ),
    "missing year on a reported figure": (
        CO,
        _set("GOOG-01", "year", None),
        5,
        ["year: empty but the period is not 'hypothetical'"],
    ),
    "unknown confidence": (DC, _set("IEA-01", "confidence", "certain"), 2, ["column confidence"]),
    "no value and no range": (
        DC,
        _set("IEA-25", "value", None),
        20,
        ["neither a value nor both value_low and value_high"],
    ),
    "capacity counted for use abroad": (
        DC,
        _set("ADEME-01-capacity", "scope", "digital_use_incl_abroad"),
        59,
        ["scope: not a scope of its metric", "ADEME-01-capacity"],
    ),
    "a scope on electricity demand": (
        DC,
        _set("RTE-03-fast-2030", "scope", "data_centres"),
        68,
        ["scope: not a scope of its metric"],
    ),
    "data-centre electricity without a scope": (
        DC,
        _set("ADEME-02", "scope", None),
        60,
        ["scope: not a scope of its metric"],
    ),
    "unknown scope": (
        DC,
        _set("ARCEP-01", "scope", "operators"),
        71,
        ["column scope", "isin(", "'operators'"],
    ),
    "duplicate figure id": (
        DC,
        _duplicate("IEA-01"),
        2,
        ["column figure_id", "duplicate key", "rows 2, 88"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_typing_mistakes_are_rejected_and_change_nothing(landed, tmp_path, case):
    table_name, edit, line, fragments = BAD[case]
    _land_bad_copy(landed, tmp_path, table_name, edit, line, fragments)


def _land_bad_copy(landed, tmp_path, table_name, edit, line, fragments):
    """Land an edited copy of a curated file: it fails naming file, column and row, and
    nothing landed before changes."""
    source = load_registry()["curated"]
    table = source.tables[table_name]
    file = table.files[0]
    bad = tmp_path / file
    edit(pl.read_csv(CURATED / file, infer_schema=False)).write_csv(bad)
    before = landed.snapshot()
    with pytest.raises(IngestError) as failure:
        land(source, table, {file: bad})
    message = " ".join(str(failure.value).split())
    assert message.startswith(f"[source curated; file {file}; column ")
    assert f"rows {line}" in message and "nothing landed" in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert landed.snapshot() == before


def _set_report(figure_id: str, column: str, value: str | None):
    """Edit one cell of the reference list (its own header: id, low, high...)."""
    return _set(figure_id, column, value, id_column="id")


REPORTS = "company_report_figures"
# case -> (edit, line of the bad row in the file, fragments of the error)
BAD_REPORTS = {
    "MWh typed as TWh": (
        _set_report("GOOG-ELEC-2024-ER26", "value", "31.7139"),
        54,
        ["value: outside the range of its unit", "MWh [1000, 1e+09]"],
    ),
    "a share of 100 above 100": (
        _set_report("GOOG-CFE-2025-ER26", "value", "650"),
        75,
        ["value: outside the range of its unit", "% [0, 100]"],
    ),
    "unit not in the list": (
        _set_report("MSFT-S1-2025-FS26", "unit", "ktCO2e"),
        175,
        ["column unit", "'ktCO2e'"],
    ),
    "id and year disagree": (
        _set_report("AMZN-S1-2019-SR25", "year", "2020"),
        333,
        ["figure_id: its year is not the row's year"],
    ),
    "unknown company prefix": (
        _set_report("MSFT-S1-2025-FS26", "id", "MSOFT-S1-2025-FS26"),
        175,
        ["column figure_id", "str_matches"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_REPORTS))
def test_company_report_mistakes_are_rejected_and_change_nothing(landed, tmp_path, case):
    edit, line, fragments = BAD_REPORTS[case]
    _land_bad_copy(landed, tmp_path, REPORTS, edit, line, fragments)


@pytest.mark.parametrize("fields", ["one too many", "one too few"])
def test_a_ragged_row_is_named_by_its_line(landed, tmp_path, fields):
    """A comma typed twice, or one lost: polars refused the first without saying where and
    padded the second with nulls; the error now names the line."""
    source = load_registry()["curated"]
    table = source.tables[DC]
    file = table.files[0]
    lines = (CURATED / file).read_text().splitlines(keepends=True)
    line = 14
    first, rest = lines[line - 1].split(",", 1)
    lines[line - 1] = f"{first},extra,{rest}" if fields == "one too many" else first + rest
    (bad := tmp_path / file).write_text("".join(lines))
    before = landed.snapshot()
    with pytest.raises(IngestError) as failure:
        land(source, table, {file: bad})
    message = " ".join(str(failure.value).split())
    assert message.startswith(f"[source curated; file {file}; rows {line}]"), message
    width = len(next(csv.reader(lines[:1])))
    assert f"ragged rows: the header has {width} fields" in message
    assert landed.snapshot() == before


def _edit_value(path, figure_id: str, old: str, new: str) -> None:
    """Change one figure's value in a curated file, as a curator would in an editor."""
    lines = path.read_text().splitlines(keepends=True)
    (i,) = [i for i, line in enumerate(lines) if line.startswith(f"{figure_id},")]
    assert f",{old}," in lines[i]
    lines[i] = lines[i].replace(f",{old},", f",{new},", 1)
    path.write_text("".join(lines))


def test_an_edited_curated_file_lands_and_status_says_so(landed, tmp_path, monkeypatch, capsys):
    """#24: an edit was ignored (the table's fingerprint held only the registry's pin) and
    `make status` said intact. Now the file as it is lands, validated, and the registry pin
    that no longer matches is named; a bad edit fails naming its row and keeps the last
    landing."""
    import hashlib
    import shutil

    from ingest import cli, fetch

    repo = tmp_path / "repository"
    shutil.copytree(CURATED, repo / "ingest" / "curated")
    monkeypatch.setattr(fetch, "REPO_ROOT", repo)  # where repo: URLs are read
    edited = repo / "ingest" / "curated" / f"{DC}.csv"
    _edit_value(edited, "IEA-01", "415", "416")
    capsys.readouterr()
    assert cli.main(["status"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"curated.{DC}: its file, pin or landing code changed since it landed" in out

    assert landed.land("curated") == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "ingest: 1 landed, 5 unchanged, 0 failed" in err
    assert f"curated.{DC}: landed {DC}.csv as edited in this repository" in err
    assert "python -m ingest update-sources --source curated" in err
    assert _figure(_raw(landed, DC), "IEA-01")["value"] == 416.0
    manifest = json.loads((landed.data / "raw/curated" / f"{DC}.manifest.json").read_text())
    assert manifest["files"][0]["sha256"] == hashlib.sha256(edited.read_bytes()).hexdigest()
    assert cli.main(["status"]) == 0
    assert "edited, not re-pinned" in capsys.readouterr().out

    _edit_value(edited, "IEA-01", "416", "lots")
    before = landed.snapshot()
    assert landed.land("curated") == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"file {DC}.csv; column value; rows 2]" in err and "'lots'" in err
    assert landed.snapshot() == before


def test_every_curated_file_matches_its_pin():
    """The pins of the files kept here record what is committed: an edit is re-pinned
    (`python -m ingest update-sources --source curated`) before it is committed."""
    import hashlib

    for file in load_registry()["curated"].files.values():
        path = REPO_ROOT / file.url.removeprefix("repo:")
        data = path.read_bytes()
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (file.sha256, file.bytes), path
