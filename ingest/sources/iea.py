"""IEA (2025), Energy and AI: the report's data annex. Data-centre installed capacity, power
usage effectiveness (PUE), load factor and electricity consumption, for the world by type of
data centre and scenario (2020-2035), and for nine regions (2020-2024 and the Base case 2030).

The workbook is a presentation sheet, not a table: blocks of rows under a title, scenarios and
years in header rows, thin spacer columns between scenarios. The parser reads it by cell
position into one long table, after checking every title, row label and header at the cell
where the layout puts it: a block that moved fails with the cell named, instead of landing
numbers under the wrong label.
"""

from dataclasses import dataclass
from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

import ingest.checks  # noqa: F401 (registers the `known` check)
from ingest.errors import IngestError
from ingest.geography import aliases
from ingest.land import ROW_COL
from ingest.readers import read_xlsx_sheet

SOURCE = "iea"
WORLD, REGIONAL = "World Data", "Regional Data"
SHOW = 8  # cells quoted in a layout error

UNITS = {
    "installed_capacity": "GW",
    "installed_capacity_it": "GW",
    "power_usage_effectiveness": "ratio",
    "load_factor": "%",
    "electricity_consumption": "TWh",
    "electricity_consumption_it": "TWh",
}
# Upper bounds well above the IEA's highest figure (Lift-Off 2035: 404 GW, 1,719 TWh) that
# still catch a unit slip (MW for GW, GWh for TWh). PUE cannot be below 1 by definition.
VALUE_RANGES = {"GW": (0, 1_000), "ratio": (1, 3), "%": (0, 100), "TWh": (0, 5_000)}
DC_TYPES = {
    "Total": "total",
    "Hyperscale": "hyperscale",
    "Colocation and service provider": "colocation_and_service_provider",
    "Enterprise": "enterprise",
}
SCENARIOS = ["historical", "Base", "Lift-Off", "High Efficiency", "Headwinds"]
REGIONS = [
    "World",
    "North America",
    "United States",
    "Central and South America",
    "Europe",
    "Africa",
    "Middle East",
    "Asia Pacific",
    "China",
]
HISTORICAL = [2020, 2023, 2024]
EXPLORATORY_YEAR = 2035  # the sheet's footnote: "*2035 numbers serve as exploratory scenarios"


@dataclass(frozen=True)
class Layout:
    """Where one sheet keeps its numbers: value rows (row, label, measure, data-centre type,
    region), value columns (column, year, scenario), the other cells that must read exactly as
    written (titles, headers, footnote), and the last row and column the sheet may use."""

    sheet: str
    label_col: str
    rows: list[tuple[int, str, str, str, str]]
    columns: list[tuple[str, int, str]]
    fixed: dict[str, str]  # {"H2": "Base", ...}
    last_row: int
    last_col: str

    def value_cells(self) -> pl.DataFrame:
        rows = pl.DataFrame(
            self.rows,
            schema={
                "row": pl.Int64,
                "label": pl.String,
                "measure": pl.String,
                "data_centre_type": pl.String,
                "region": pl.String,
            },
            orient="row",
        )
        columns = pl.DataFrame(
            self.columns,
            schema={"col": pl.String, "year": pl.Int64, "scenario": pl.String},
            orient="row",
        )
        return rows.join(columns, how="cross")

    def expected_text(self) -> pl.DataFrame:
        """Every cell whose text the layout fixes: row labels, titles, headers."""
        cells = [(row, self.label_col, label) for row, label, *_ in self.rows]
        cells += [(*_split_ref(ref), text) for ref, text in self.fixed.items()]
        return pl.DataFrame(
            cells, schema={"row": pl.Int64, "col": pl.String, "text": pl.String}, orient="row"
        )


def _split_ref(ref: str) -> tuple[int, str]:
    """'H24' -> (24, 'H')."""
    letters = ref.rstrip("0123456789")
    return int(ref[len(letters) :]), letters


def _world_layout() -> Layout:
    # (title row, title, measure, followed by an "IT" sub-block)
    blocks = [
        (4, "Installed capacity (GW)", "installed_capacity", True),
        (13, "Power usage effectiveness", "power_usage_effectiveness", False),
        (18, "Load factor (%)", "load_factor", False),
        (23, "Electricity consumption (TWh)", "electricity_consumption", True),
    ]
    types = list(DC_TYPES)
    rows, fixed = [], {}
    for title_row, title, measure, has_it in blocks:
        fixed[f"C{title_row}"] = title
        for offset, label in enumerate(types, start=1):
            rows.append((title_row + offset, label, measure, DC_TYPES[label], "World"))
        if has_it:  # the "IT" row is the IT-only total; the three types follow it
            it_row = title_row + len(types) + 1
            rows.append((it_row, "IT", f"{measure}_it", "total", "World"))
            for offset, label in enumerate(types[1:], start=1):
                rows.append((it_row + offset, label, f"{measure}_it", DC_TYPES[label], "World"))
    columns = [(col, year, "historical") for col, year in zip("DEF", HISTORICAL, strict=True)]
    for col_2030, col_2035, scenario in [
        ("H", "I", "Base"),
        ("K", "L", "Lift-Off"),
        ("N", "O", "High Efficiency"),
        ("Q", "R", "Headwinds"),
    ]:
        fixed[f"{col_2030}2"] = scenario
        columns += [(col_2030, 2030, scenario), (col_2035, EXPLORATORY_YEAR, scenario)]
    fixed |= {f"{col}3": _year_header(year) for col, year, _ in columns}
    fixed["C32"] = (
        "*2035 numbers serve as exploratory scenarios given the high level of uncertainty "
        "around data centre demand growth."
    )
    return Layout(WORLD, "C", rows, columns, fixed, last_row=32, last_col="R")


def _regional_layout() -> Layout:
    # Three sections, each with a title, "Base Case" above the 2030 column and a year row.
    sections = [
        (2, "Installed capacity (GW)"),
        (27, "Power usage effectiveness and load factor (%)"),
        (53, "Electricity consumption (TWh)"),
    ]
    # (label row, label, measure); the nine regions follow each label
    blocks = [
        (5, "Total installed capacity (GW)", "installed_capacity"),
        (15, "IT installed capacity (GW)", "installed_capacity_it"),
        (30, "Power usage effectiveness", "power_usage_effectiveness"),
        (40, "Load factor (%)", "load_factor"),
        (56, "Total electricity consumption (TWh)", "electricity_consumption"),
        (66, "IT electricity consumption (TWh)", "electricity_consumption_it"),
    ]
    # Column F is a spacer (it holds 0 in some rows): not read.
    columns = [(col, year, "historical") for col, year in zip("CDE", HISTORICAL, strict=True)]
    columns.append(("G", 2030, "Base"))
    fixed = {}
    for title_row, title in sections:
        fixed[f"B{title_row}"] = title
        fixed[f"G{title_row + 1}"] = "Base Case"
        fixed |= {f"{col}{title_row + 2}": _year_header(year) for col, year, _ in columns}
    rows = []
    for label_row, label, measure in blocks:
        fixed[f"B{label_row}"] = label
        rows += [
            (label_row + i, region, measure, "total", region)
            for i, region in enumerate(REGIONS, start=1)
        ]
    return Layout(REGIONAL, "B", rows, columns, fixed, last_row=75, last_col="G")


def _year_header(year: int) -> str:
    return f"{year}*" if year == EXPLORATORY_YEAR else str(year)


LAYOUTS = [_world_layout(), _regional_layout()]


def parse_energy_ai_annex(path: Path) -> pl.DataFrame:
    return pl.concat([_parse_sheet(path, layout) for layout in LAYOUTS])


def _parse_sheet(path: Path, layout: Layout) -> pl.DataFrame:
    cells = _cells(path, layout.sheet)
    _check_layout(path, layout, cells)
    _check_bounds(path, layout, cells)
    values = (
        layout.value_cells()
        .join(cells.drop("col_number"), on=["row", "col"], how="left")
        .with_columns(pl.col("text").cast(pl.Float64, strict=False).alias("value"))
    )
    _check_numbers(path, layout, values)
    return values.select(
        pl.lit(layout.sheet).alias("sheet"),
        "measure",
        "data_centre_type",
        "region",
        "year",
        "scenario",
        (pl.col("year") == EXPLORATORY_YEAR).alias("is_exploratory"),
        "value",
        pl.col("measure").replace_strict(UNITS).alias("unit"),
        pl.concat_str("col", pl.col("row").cast(pl.String)).alias("cell"),
        pl.col("row").alias(ROW_COL),
    )


def _cells(path: Path, sheet: str) -> pl.DataFrame:
    """Every non-empty cell of a sheet as text, at its Excel row number and column letters.
    fastexcel leaves out empty leading columns; the absolute index it reports for each column
    (seen through use_columns) puts the letters back, so cells are named as Excel names them."""
    letters: list[str] = []

    def note_letter(column) -> bool:
        letters.append(_column_letters(column.absolute_index))
        return True

    frame = read_xlsx_sheet(
        path,
        SOURCE,
        sheet,
        header_row=None,
        skip_rows=0,  # keep leading empty rows, so that frame row i is Excel row i + 1
        dtypes="string",
        use_columns=note_letter,
    )
    if len(letters) != frame.width:
        raise IngestError(SOURCE, f"sheet {sheet!r}: cannot locate its columns", file=path.name)
    numbers = {letter: _column_number(letter) for letter in letters}
    return (
        frame.rename(dict(zip(frame.columns, letters, strict=True)))
        .with_row_index("row", offset=1)
        .with_columns(pl.col("row").cast(pl.Int64))
        .unpivot(index="row", variable_name="col", value_name="text")
        .with_columns(
            pl.col("text").str.strip_chars(),
            pl.col("col").replace_strict(numbers, return_dtype=pl.Int64).alias("col_number"),
        )
        .filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
    )


def _column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _check_layout(path: Path, layout: Layout, cells: pl.DataFrame) -> None:
    """Every title, label and header must be at its cell: otherwise a block has moved."""
    wrong = (
        layout.expected_text()
        .join(cells, on=["row", "col"], how="left", suffix="_found")
        .filter(pl.col("text_found").is_null() | (pl.col("text_found") != pl.col("text")))
        .sort("row", "col")
    )
    if wrong.height:
        shown = "; ".join(
            f"{r['col']}{r['row']} should read {r['text']!r} but "
            + ("is empty" if r["text_found"] is None else f"reads {r['text_found']!r}")
            for r in wrong.head(SHOW).iter_rows(named=True)
        )
        raise IngestError(
            SOURCE,
            f"sheet {layout.sheet!r}: the layout changed (a block moved, or a label or header "
            f"was edited) at {wrong.height} cells: {shown}",
            file=path.name,
            rows=wrong["row"].unique(maintain_order=True).to_list(),
        )


def _check_bounds(path: Path, layout: Layout, cells: pl.DataFrame) -> None:
    """Nothing beyond the last row and column: a new block or scenario would be left out."""
    outside = cells.filter(
        (pl.col("row") > layout.last_row) | (pl.col("col_number") > _column_number(layout.last_col))
    ).sort("row", "col_number")
    if outside.height:
        shown = ", ".join(
            f"{r['col']}{r['row']} ({r['text']!r})"
            for r in outside.head(SHOW).iter_rows(named=True)
        )
        raise IngestError(
            SOURCE,
            f"sheet {layout.sheet!r}: cells beyond the expected layout (up to "
            f"{layout.last_col}{layout.last_row}), a new block or scenario?: {shown}",
            file=path.name,
            rows=outside["row"].unique(maintain_order=True).to_list(),
        )


def _check_numbers(path: Path, layout: Layout, values: pl.DataFrame) -> None:
    """Every value cell holds a number; an empty or text cell fails with its address."""
    bad = values.filter(pl.col("value").is_null()).sort("row", "col")
    if bad.height:
        shown = ", ".join(
            f"{r['col']}{r['row']} " + ("empty" if r["text"] is None else f"{r['text']!r}")
            for r in bad.head(SHOW).iter_rows(named=True)
        )
        raise IngestError(
            SOURCE,
            f"sheet {layout.sheet!r}: {bad.height} value cells are not numbers: {shown}",
            file=path.name,
            column="value",
            rows=bad["row"].unique(maintain_order=True).to_list(),
        )


class EnergyAiAnnex(pa.DataFrameModel):
    sheet: str = pa.Field(
        isin=[WORLD, REGIONAL],
        description="Sheet of the workbook: 'World Data' (world, by data-centre type, all "
        "scenarios to 2035) or 'Regional Data' (nine regions, total only, Base case 2030); "
        "the world appears on both",
    )
    measure: str = pa.Field(
        isin=list(UNITS),
        description="installed_capacity (GW), power_usage_effectiveness (ratio), load_factor "
        "(%), electricity_consumption (TWh); the _it variants count IT equipment only, the "
        "others the whole facility (IT plus cooling and other overheads)",
    )
    data_centre_type: str = pa.Field(
        isin=list(DC_TYPES.values()),
        description="total, hyperscale, colocation_and_service_provider or enterprise "
        "(the IEA's 'Colocation and service provider'); always total on 'Regional Data'",
    )
    region: str = pa.Field(
        known={"values": list(aliases(SOURCE)), "what": "IEA region (geography_aliases, iea)"},
        description="The IEA's region name as published (World, North America, United States, "
        "...); mapped to geography_code by seeds/geography_aliases.csv. North America includes "
        "the United States and Asia Pacific includes China; the six regions add up to a little "
        "less than World (no remainder is published)",
    )
    year: int = pa.Field(ge=2015, le=2050, description="Calendar year")
    scenario: str = pa.Field(
        isin=SCENARIOS,
        description="historical (2020, 2023, 2024: IEA estimates) or the IEA scenario of a "
        "projection: Base, Lift-Off, High Efficiency, Headwinds ('Base Case' on the regional "
        "sheet)",
    )
    is_exploratory: bool = pa.Field(
        description="True for 2035, which the IEA marks as exploratory given the uncertainty "
        "around data-centre demand growth"
    )
    value: float = pa.Field(ge=0, description="The figure, in `unit`")
    unit: str = pa.Field(
        isin=list(VALUE_RANGES),
        description="GW (installed capacity), ratio (PUE: facility / IT energy), % (load "
        "factor: average load / installed capacity) or TWh (electricity consumption per year)",
    )
    cell: str = pa.Field(
        str_matches=r"^[A-Z]{1,2}[0-9]+$", description="Cell of the sheet holding the value"
    )

    class Config:
        strict = True
        unique = ["sheet", "measure", "data_centre_type", "region", "year", "scenario"]

    @pa.dataframe_check(error="unit does not match the measure")
    def unit_matches_measure(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("unit") == pl.col("measure").replace_strict(UNITS, default=None)
        )

    @pa.dataframe_check(
        error="value out of range for its unit: GW 0-1,000, ratio 1-3, % 0-100, TWh 0-5,000"
    )
    def value_in_unit_range(cls, data: PolarsData) -> pl.LazyFrame:
        low = pl.col("unit").replace_strict(
            {unit: low for unit, (low, _) in VALUE_RANGES.items()}, default=None
        )
        high = pl.col("unit").replace_strict(
            {unit: high for unit, (_, high) in VALUE_RANGES.items()}, default=None
        )
        return data.lazyframe.select(pl.col("value").is_between(low, high))

    @pa.dataframe_check(
        error="scenario and year disagree: 'historical' is up to 2024, scenarios project "
        "2030 and later, and only 2035 is exploratory"
    )
    def scenario_matches_year(cls, data: PolarsData) -> pl.LazyFrame:
        historical = pl.col("scenario") == "historical"
        return data.lazyframe.select(
            (historical == (pl.col("year") <= max(HISTORICAL)))
            & (pl.col("is_exploratory") == (pl.col("year") == EXPLORATORY_YEAR))
        )
