"""Landing Ember's tables, and the catalogue of bad input: each case names the source, file,
column and rows, exits non-zero, and leaves everything landed before exactly as it was."""

import json

import polars as pl
import pytest

from tests.conftest import force_reland

YEARLY = "ember_data_api/api_country_overview_yearly.csv"
STATES = "ember_data_api/api_overview_usa_yearly.csv"


def test_lands_every_table_with_manifest_and_no_rejects(landed):
    raw = landed.data / "raw" / "ember"
    manifest = json.loads((raw / "country_yearly.manifest.json").read_text())
    frame = pl.read_parquet(raw / "country_yearly.parquet")
    lines = (landed.mirror / YEARLY).read_text().splitlines()
    assert manifest["rows_in"] == len(lines) - 1 == frame.height
    assert manifest["rows_landed"] + manifest["rows_rejected"] == manifest["rows_in"]
    assert manifest["source_id"] == "ember.country_yearly"
    assert manifest["licence"] == "CC BY 4.0"
    assert manifest["files"][0]["sha256"] in manifest["file_sha256s"]
    assert {c["name"]: c["dtype"] for c in manifest["columns"]}["demand_twh"] == "Float64"
    world = frame.filter((pl.col("country_or_region") == "World") & (pl.col("year") == 2024))
    assert world.select("demand_twh", "emissions_intensity_gco2_per_kwh").row(0) == (
        30847.2,
        472.99,
    )
    assert frame.schema["eu_flag"] == pl.Boolean
    assert frame.schema["world_demand_rank"] == pl.Int64  # "10.0" in the file
    assert pl.read_parquet(landed.data / "rejects" / "ember" / "country_yearly.parquet").height == 0


def test_second_run_lands_nothing(landed, capsys):
    before = landed.snapshot()
    capsys.readouterr()
    assert landed.land("ember") == 0
    err = capsys.readouterr().err
    assert "ingest: 0 landed," in err and ", 0 failed" in err
    assert landed.snapshot() == before


def _edit(path, transform):
    path.write_bytes(transform(path.read_bytes()))


def _lines(edit_line):
    """Apply edit_line(line_no, text) -> text to each line of a CSV (line 1 = header)."""

    def transform(data: bytes) -> bytes:
        lines = data.decode().split("\n")
        edited = "\n".join(edit_line(i, t) for i, t in enumerate(lines, start=1))
        return edited.encode(errors="surrogateescape")  # "\udcff" writes the byte 0xff

    return transform


def _set_field(column: str, line_no: int, value: str):
    def edit(i, text):
        if i == 1 or i != line_no:
            return text
        header = HEADER_CACHE["yearly"]
        fields = text.split(",")
        fields[header.index(column)] = value
        return ",".join(fields)

    return _lines(edit)


HEADER_CACHE: dict[str, list[str]] = {}


@pytest.fixture
def yearly(landed):
    HEADER_CACHE["yearly"] = (landed.mirror / YEARLY).read_text().split("\n", 1)[0].split(",")
    return landed


def _rename_header(old, new):
    return _lines(lambda i, t: t.replace(old, new) if i == 1 else t)


def _drop_column(column):
    def transform(data: bytes) -> bytes:
        lines = data.decode().rstrip("\n").split("\n")
        idx = lines[0].split(",").index(column)
        return (
            "\n".join(
                ",".join(f for j, f in enumerate(line.split(",")) if j != idx) for line in lines
            )
            + "\n"
        ).encode()

    return transform


def _add_column(data: bytes) -> bytes:
    lines = data.decode().rstrip("\n").split("\n")
    return ("\n".join([lines[0] + ",notes"] + [line + ",x" for line in lines[1:]]) + "\n").encode()


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2 - 7]  # cut inside a row, no line end


def _duplicate_line(line_no):
    def transform(data: bytes) -> bytes:
        lines = data.decode().split("\n")
        return "\n".join(lines[:line_no] + [lines[line_no - 1]] + lines[line_no:]).encode()

    return transform


BAD_YEARLY = {
    "truncated csv": (_truncate, ["file is truncated", "api_country_overview_yearly.csv"]),
    "html page served as csv": (
        lambda d: b"<!DOCTYPE html><html><body>502</body></html>",
        ["expected csv, got an HTML page"],
    ),
    "renamed column": (
        _rename_header("demand_twh", "demand_gwh"),
        ["header changed (renamed?)", "missing ['demand_twh']", "unexpected ['demand_gwh']"],
    ),
    "missing column": (_drop_column("continent"), ["header changed", "missing ['continent']"]),
    "extra column": (_add_column, ["header changed", "unexpected ['notes']"]),
    "text in a numeric column": (
        _set_field("demand_twh", 5, "n/a"),
        ["column demand_twh", "cast to Float64", "rows 5", "'n/a'"],
    ),
    "negative energy": (
        _set_field("demand_twh", 7, "-12.5"),
        ["column demand_twh", "greater_than_or_equal_to(0)", "rows 7"],
    ),
    "intensity of 50,000": (
        _set_field("emissions_intensity_gco2_per_kwh", 9, "50000"),
        ["column emissions_intensity_gco2_per_kwh", "less_than_or_equal_to(2000", "rows 9"],
    ),
    "duplicate keys": (
        _duplicate_line(3),
        ["column country_or_region, year", "duplicate key", "rows 3, 4"],
    ),
    "unknown country": (
        _set_field("country_code", 6, "ZZZ"),
        ["column country_code", "not a known ISO 3166-1 alpha-3 code", "rows 6", "'ZZZ'"],
    ),
    "empty file": (lambda d: b"", ["empty file"]),
    "header only": (lambda d: d.split(b"\n", 1)[0] + b"\n", ["no data rows"]),
    "non-utf-8 bytes": (  # Caf\xff: a Latin-1 byte where UTF-8 is promised
        _set_field("country_or_region", 4, "Caf\udcff"),
        ["not UTF-8 text", "rows 4"],
    ),
}


# update-sources refuses to pin these (its content sniff fails), so they meet the old pin
NOT_PINNABLE = {"html page served as csv", "empty file"}


@pytest.mark.parametrize("case", sorted(BAD_YEARLY))
def test_bad_yearly_file_is_rejected_and_changes_nothing(yearly, capsys, monkeypatch, case):
    transform, expected = BAD_YEARLY[case]
    _edit(yearly.mirror / YEARLY, transform)
    if case not in NOT_PINNABLE:
        yearly.pin("ember")  # as if a maintainer had re-pinned the publisher's new file
    else:
        force_reland(monkeypatch, "country_yearly")
    err = yearly.land_fails(capsys, "ember", *expected)
    assert "ingest: 0 landed, 4 unchanged, 1 failed" in err  # Ember's other tables untouched


def test_checksum_mismatch_against_the_pin(yearly, capsys, monkeypatch):
    force_reland(monkeypatch, "country_yearly")
    _edit(yearly.mirror / YEARLY, lambda d: d.replace(b"30847.2", b"30847.3"))
    yearly.land_fails(
        capsys,
        "ember",
        "file api_country_overview_yearly.csv] checksum mismatch",
        "make update-sources",
    )


def test_unit_slip_against_the_previous_landing(landed, capsys):
    """Monthly US-state demand published in MWh instead of GWh: each value stays within the
    column's range, but the whole column moved a thousandfold against the landed vintage.
    (The yearly table's US total, ~4,400 TWh, would break the column's bound instead.)"""
    path = landed.mirror / "ember_data_api/api_overview_usa_monthly.csv"
    frame = pl.read_csv(path, infer_schema=False)
    frame.with_columns(
        (pl.col("demand_gwh").cast(pl.Float64) * 1000).round(2).cast(pl.String)
    ).write_csv(path)
    landed.pin("ember")
    landed.land_fails(
        capsys,
        "ember",
        "column demand_gwh",
        "1,000 times those landed before",
        "did the unit change?",
    )


def test_tolerated_rejects_are_quarantined_with_reason(landed, monkeypatch):
    """A table that allows some bad rows lands the rest and keeps the bad ones with why."""
    yml = landed.registry / "ember.yml"
    yml.write_text(
        yml.read_text().replace(
            "    schema: UsStateYearly\n",
            "    schema: UsStateYearly\n    max_rejected_frac: 0.5\n"
            "    rejects_note: 2026-11-22 test of the quarantine\n",
        )
    )
    path = landed.mirror / STATES
    lines = path.read_text().split("\n")
    lines[2] = lines[2].replace(",1000.0,", ",-500.0,", 1)
    path.write_text("\n".join(lines))
    landed.pin("ember")
    assert landed.land("ember") == 0
    manifest = json.loads((landed.data / "raw/ember/us_state_yearly.manifest.json").read_text())
    assert manifest["rows_rejected"] == 1
    assert manifest["rows_landed"] + 1 == manifest["rows_in"] == len(lines) - 2
    rejects = pl.read_parquet(landed.data / "rejects/ember/us_state_yearly.parquet")
    assert rejects.select("row").item() == 3
    assert "demand_gwh: greater_than_or_equal_to(-10" in rejects.select("reason").item()
    assert json.loads(rejects.select("record").item())["demand_gwh"] == "-500.0"


def test_several_failures_are_all_reported_and_the_rest_lands(landed, capsys, monkeypatch):
    force_reland(monkeypatch, "country_yearly", "us_state_yearly")
    monthly = landed.mirror / "ember_data_api/api_country_overview_monthly.csv"
    _edit(monthly, lambda d: d.replace(b"2570.6", b"2570.7"))
    landed.pin("ember")
    for name in (YEARLY, STATES):
        _edit(landed.mirror / name, lambda d: b"<html>gone</html>")
    capsys.readouterr()
    assert landed.land("ember") == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "api_country_overview_yearly.csv" in err and "api_overview_usa_yearly.csv" in err
    assert "2 table(s) failed" in err
    landed_monthly = pl.read_parquet(landed.data / "raw/ember/country_monthly.parquet")
    assert 2570.7 in landed_monthly["demand_twh"].to_list()
