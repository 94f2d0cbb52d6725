"""Landing the IEA Energy and AI data annex, a presentation workbook read by cell position: the
values land as one long table, and a layout that moved fails with the sheet and cell named,
leaving everything landed before exactly as it was."""

import json

import pandera.polars as pa
import polars as pl
import pytest

from ingest.sources.iea import EnergyAiAnnex
from tests.fixtures import iea as fixture

RAW = "raw/iea/energy_ai_annex"


def test_lands_both_sheets_as_one_long_table(landed):
    frame = pl.read_parquet(landed.data / f"{RAW}.parquet")
    manifest = json.loads((landed.data / f"{RAW}.manifest.json").read_text())
    # World: 24 value rows x 11 columns; regions: 6 blocks x 9 regions x 4 columns
    assert frame.height == 24 * 11 + 6 * 9 * 4 == manifest["rows_landed"] == 480
    assert manifest["rows_rejected"] == 0
    assert manifest["source_id"] == "iea.energy_ai_annex"

    def value(**where):
        rows = frame.filter(**where)
        assert rows.height == 1, where
        return rows.select("value", "unit", "cell").row(0)

    total = {"measure": "electricity_consumption", "data_centre_type": "total"}
    world = {**total, "sheet": "World Data", "region": "World"}
    assert value(**world, year=2024, scenario="historical") == (416.0, "TWh", "F24")
    assert value(**world, year=2030, scenario="Base") == (946.0, "TWh", "H24")
    regional = {**total, "sheet": "Regional Data", "year": 2024}
    assert value(**regional, region="United States") == (183.0, "TWh", "E59")
    assert value(**regional, region="World")[0] == 416.0
    it_2024 = {"sheet": "World Data", "year": 2024, "data_centre_type": "total"}
    assert value(**it_2024, measure="electricity_consumption_it")[:2] == (295.0, "TWh")
    assert value(**it_2024, measure="installed_capacity_it")[1] == "GW"
    assert frame.filter(pl.col("is_exploratory"))["year"].unique().to_list() == [2035]
    assert set(frame["scenario"]) == {
        "historical",
        "Base",
        "Lift-Off",
        "High Efficiency",
        "Headwinds",
    }
    assert frame.filter(sheet="Regional Data")["scenario"].unique().sort().to_list() == [
        "Base",
        "historical",
    ]
    assert frame.filter(sheet="Regional Data", region="World").height == 6 * 4


def _shift_rows(cells, from_row, by=1):
    """Move every cell at or below from_row down, as if the IEA had inserted a row."""
    shifted = {}
    for ref, value in cells.items():
        letters = ref.rstrip("0123456789")
        row = int(ref[len(letters) :])
        shifted[f"{letters}{row + by if row >= from_row else row}"] = value
    return shifted


def _with(cells, **changes):
    out = dict(cells)
    for ref, value in changes.items():
        if value is None:
            del out[ref]
        else:
            out[ref] = value
    return out


def _names(world, regional):
    return {"world": world, "regional": regional}


BAD_WORKBOOKS = {
    "sheet renamed": (
        lambda w, r: {**_names(w, r), "names": ("World data", "Regional Data")},
        ["sheet 'World Data' not found", "'World data'"],
    ),
    "block moved down one row": (
        lambda w, r: _names(_shift_rows(w, 13), r),
        [
            "sheet 'World Data': the layout changed",
            "C13 should read 'Power usage effectiveness' but is empty",
            "rows 13",
        ],
    ),
    "regional block moved down one row": (
        lambda w, r: _names(w, _shift_rows(r, 53)),
        ["sheet 'Regional Data'", "B53 should read 'Electricity consumption (TWh)'"],
    ),
    "scenario header edited": (
        lambda w, r: _names(_with(w, K2="Lift-off (revised)"), r),
        ["K2 should read 'Lift-Off' but reads 'Lift-off (revised)'", "rows 2"],
    ),
    "text in a number cell": (
        lambda w, r: _names(_with(w, H24="n/a"), r),
        ["sheet 'World Data': 1 value cells are not numbers: H24 'n/a'", "rows 24"],
    ),
    "empty number cell": (
        lambda w, r: _names(w, _with(r, E59=None)),
        ["sheet 'Regional Data'", "not numbers: E59 empty", "rows 59"],
    ),
    "a new scenario column": (
        lambda w, r: _names(_with(w, T2="Net Zero", T3=2030, T24=700), r),
        ["cells beyond the expected layout (up to R32)", "T2 ('Net Zero')"],
    ),
    "PUE below 1": (
        lambda w, r: _names(_with(w, D14=0.9), r),
        ["value out of range for its unit", "rows 14", '"value":0.9', '"cell":"D14"'],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_WORKBOOKS))
def test_bad_workbook_is_rejected_and_changes_nothing(landed, capsys, case):
    edit, expected = BAD_WORKBOOKS[case]
    fixture.write_workbook(landed.mirror, **edit(fixture.world_cells(), fixture.regional_cells()))
    landed.pin("iea")
    err = landed.land_fails(capsys, "iea", "file Data_annex_Energy_and_AI.xlsx", *expected)
    assert "ingest: 0 landed, 0 unchanged, 1 failed" in err


def test_schema_knows_every_region_from_the_aliases_seed(landed):
    frame = pl.read_parquet(landed.data / f"{RAW}.parquet")
    EnergyAiAnnex.validate(frame)  # what landed passes
    renamed = frame.with_columns(pl.col("region").replace({"Europe": "Eurasia"}))
    with pytest.raises(pa.errors.SchemaError, match="IEA region"):
        EnergyAiAnnex.validate(renamed)
