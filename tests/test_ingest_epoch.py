"""Landing Epoch AI's five exports: the columns we keep, renamed with units; a column Epoch
adds is ignored, a column we land that changes is an error; checks on status, country,
capacity and keys."""

import csv
import io
import json
import re

import polars as pl
import pytest

from ingest.registry import load_registry
from ingest.sources import epoch as source
from tests.fixtures import epoch as fixture

RAW = "raw/epoch"


def _read(ws, table):
    return pl.read_parquet(ws.data / RAW / f"{table}.parquet")


def test_lands_every_table_with_the_publishers_values(landed):
    clusters = _read(landed, "gpu_clusters")
    assert clusters.height == len(fixture.GPU_ROWS)
    colossus = clusters.filter(name="xAI Colossus Memphis Phase 1").row(0, named=True)
    assert colossus["power_capacity_mw"] == 150.0
    assert colossus["h100_equivalents"] == 100000.0
    assert colossus["location"] == "Memphis,\nTennessee"
    assert str(colossus["first_operational_date"]) == "2024-09-02"
    assert colossus["include_in_standard_analysis"] is True
    existing_us = clusters.filter(status="Existing", country="United States of America")
    assert existing_us["power_capacity_mw"].sum() == 150.0
    # the anonymised systems share a name: name_seq tells them apart, in file order
    anonymised = clusters.filter(name="Anonymized Chinese System").sort("name_seq")
    assert anonymised["name_seq"].to_list() == [1, 2, 3]
    assert anonymised["power_capacity_mw"].to_list() == [0.3, 0.3, 8.0]
    assert clusters.filter(name="Old Cluster")["decommissioned_date"].item() == "2021-07"
    assert "Quote" not in clusters.columns and "Max OP/s (log)" not in clusters.columns

    centres = _read(landed, "data_centers")
    assert "Sentinel satellite timelapse" not in centres.columns
    assert not any("airtableusercontent" in str(v) for v in centres.row(0))
    meta = centres.filter(handle="Meta Prometheus New Albany Ohio").row(0, named=True)
    assert (meta["current_power_mw"], meta["longitude_dms"]) == (691.0, "82°45'00\"W")

    timelines = _read(landed, "data_center_timelines")
    assert timelines.filter(data_center="Meta Prometheus New Albany Ohio")["power_mw"].max() == 1020
    assert timelines.schema["buildings_operational"] == pl.Int64

    hardware = _read(landed, "ml_hardware").filter(hardware_name="NVIDIA H100 SXM5 80GB")
    assert hardware.select("tdp_w", "tensor_fp16_bf16_flop_per_s").row(0) == (700.0, 9.895e14)

    models = _read(landed, "frontier_ai_models")
    gpt4 = models.filter(model="GPT-4 (Mar 2023)").row(0, named=True)
    assert gpt4["training_power_draw_w"] == pytest.approx(19.94e6, rel=1e-3)
    assert gpt4["hardware_quantity"] == 25000
    assert models.filter(model="AlphaGo Zero")["power_per_chip_w"].item() == "75,280"

    for table in ("gpu_clusters", "data_centers", "ml_hardware", "frontier_ai_models"):
        manifest = json.loads((landed.data / RAW / f"{table}.manifest.json").read_text())
        assert manifest["rows_rejected"] == 0 and manifest["licence"] == "CC BY 4.0"


# unit in a column's name -> how its description must say it; counts say "count" or
# "equivalents" instead (a number of chips is no unit)
NAME_UNITS = {
    "_usd_bn": "billions of",
    "_usd": "US dollars",
    "_flop_per_s": "FLOP/s",
    "op_per_s": "OP/s",
    "_flop": "FLOP",
    "_bytes_per_s": "bytes per second",
    "_bytes": "bytes",
    "_mw": "MW",
    "_w": ", W",
    "_sqft": "square feet",
    "_mgd": "million US gallons per day",
    "_nm": "nm",
    "_hours": "hours",
    "_frac": "fraction",
}


def test_numeric_columns_name_their_units(landed):
    """Every number Epoch publishes lands in a column whose name carries its unit (MW, W,
    FLOP/s, USD...) and whose description says the same unit; a count says it is one."""
    for table in load_registry()["epoch"].tables.values():
        columns = table.schema_model().to_schema().columns
        landed_schema = _read(landed, table.name).schema
        for name, column in columns.items():
            if not landed_schema[name].is_numeric() or name == "name_seq":
                continue
            unit = next((u for u in NAME_UNITS if u in name), None)
            text = column.description
            if unit is None:
                assert "count" in text or "equivalents" in text, f"{table.name}.{name}: {text}"
            else:
                assert NAME_UNITS[unit] in text, f"{table.name}.{name} ({unit}): {text}"


# The unit a header states in its last parentheses -> the suffix our column name must end in.
UNIT_SUFFIXES = {
    "MW": "_mw",
    "W": "_w",
    "FLOP": "_flop",
    "FLOP/s": "_flop_per_s",
    "OP/s": "_op_per_s",
    "USD": "_usd",
    "USD billions": "_usd_bn",
    "Byte": "_bytes",
    "byte/s": "_bytes_per_s",
    "nm": "_nm",
    "square feet": "_sqft",
    "MGD": "_mgd",
    "hours": "_hours",
}
NOT_UNITS = {"primary", "secondary", "if applicable", "of organization", "MFU"}
RENAMES = {
    "gpu_clusters": source.GPU_CLUSTERS,
    "data_centers": source.DATA_CENTERS,
    "data_center_timelines": source.DATA_CENTER_TIMELINES,
    "ml_hardware": source.ML_HARDWARE,
    "frontier_ai_models": source.FRONTIER_AI_MODELS,
}


def test_names_end_in_the_unit_the_header_states():
    """ "Power Capacity (MW)" lands as ..._mw, "Performance (8-bit OP/s)" as ..._op_per_s: the
    unit last, qualifiers before it. A header with a unit this test does not know fails it."""
    tables = load_registry()["epoch"].tables
    for table, renames in RENAMES.items():
        columns = tables[table].schema_model().to_schema().columns
        for header, name in renames.items():
            assert name in columns, f"{table}: {header!r} renamed to {name}, not in the schema"
            stated = re.findall(r"\(([^()]*)\)", header)
            if not stated or stated[-1] in NOT_UNITS:
                continue
            units = [u for u in UNIT_SUFFIXES if re.search(rf"(^|\s){re.escape(u)}$", stated[-1])]
            assert units, f"{table}: {header!r}: unit {stated[-1]!r} unknown to this test"
            unit = max(units, key=len)  # "USD billions" rather than "USD"
            assert name.endswith(UNIT_SUFFIXES[unit]), f"{table}: {header!r} landed as {name}"


def _edit_csv(path, edit):
    """Rewrite a fixture CSV through edit(header, rows) -> (header, rows), rows as dicts."""
    with path.open(newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = edit(list(reader.fieldnames), list(reader))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue())


def _rename(old, new):
    def edit(header, rows):
        return [new if c == old else c for c in header], [
            {(new if k == old else k): v for k, v in r.items()} for r in rows
        ]

    return edit


def _set(index, **values):
    def edit(header, rows):
        rows[index] = {**rows[index], **values}
        return header, rows

    return edit


def _duplicate(index):
    return lambda header, rows: (header, [*rows, rows[index]])


def _drop(column):
    def edit(header, rows):
        return [c for c in header if c != column], [
            {k: v for k, v in r.items() if k != column} for r in rows
        ]

    return edit


# (file, edit, fragments). Errors number rows as records, the header being 1: rows[i] is row
# i + 2 even after the Colossus row's quoted line break.
BAD_FILES = {
    "landed column renamed": (
        "gpu_clusters.csv",
        _rename("Power Capacity (MW)", "Power capacity (MW)"),
        ["header changed", "missing ['Power Capacity (MW)']"],
    ),
    "landed column dropped": (
        "ml_hardware.csv",
        _drop("TDP (W)"),
        ["file ml_hardware.csv", "missing ['TDP (W)']"],
    ),
    "unknown status": (
        "gpu_clusters.csv",
        _set(1, Status="Rumoured"),
        ["column status", "isin", "rows 3", "'Rumoured'"],
    ),
    "text in power capacity": (
        "gpu_clusters.csv",
        _set(2, **{"Power Capacity (MW)": "~2.5"}),
        ["column power_capacity_mw", "cast to Float64", "rows 4", "'~2.5'"],
    ),
    "power in kW": (
        "gpu_clusters.csv",
        _set(0, **{"Power Capacity (MW)": "150000.0"}),
        ["column power_capacity_mw", "less_than_or_equal_to(50000", "rows 2"],
    ),
    "unknown country": (
        "gpu_clusters.csv",
        _set(1, Country="Atlantis"),
        ["column country", "not a known country name", "rows 3", "'Atlantis'"],
    ),
    "unknown country of a model's developer": (
        "frontier_ai_models.csv",
        _set(0, **{"Country (of organization)": "United States of America,Atlantis"}),
        ["unknown country in country_of_organization", "rows 2"],
    ),
    "duplicate site": (
        "data_centers.csv",
        _duplicate(1),
        ["column handle", "duplicate key", "rows 3, 4"],
    ),
    "latitude in decimal degrees": (
        "data_centers.csv",
        _set(0, Latitude="40.068"),
        ["column latitude_dms", "str_matches", "'40.068'"],
    ),
    "duplicate timeline date": (
        "data_center_timelines.csv",
        _duplicate(0),
        ["column data_center, date", "duplicate key", "rows 2, 5"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_export_is_rejected_and_changes_nothing(landed, capsys, case):
    name, edit, expected = BAD_FILES[case]
    _edit_csv(landed.mirror / fixture.DIR / name, edit)
    landed.pin("epoch")
    err = landed.land_fails(capsys, "epoch", f"file {name}", *expected)
    assert "ingest: 0 landed, 4 unchanged, 1 failed" in err


def test_a_column_epoch_adds_is_ignored(landed, capsys):
    path = landed.mirror / fixture.DIR / "gpu_clusters.csv"
    _edit_csv(path, lambda header, rows: ([*header, "Grid connection"], rows))
    landed.pin("epoch")
    capsys.readouterr()
    assert landed.land("epoch") == 0
    assert "Grid connection" not in _read(landed, "gpu_clusters").columns
