"""RTE's annual French consumption as ODRÉ (Open Data Réseaux Énergies) exports it: one row
per year, `;`-separated, UTF-8 with a byte-order mark, CRLF line ends, rows in the API's order.

The electricity columns are RTE's gross consumption (losses included) and its weather-corrected
twin, with the year's status (final or consolidated); the gas columns are GRTgaz's and
Teréga's gross consumption in GWh of higher heating value. The file's total adds the two."""

from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from ingest.land import ROW_COL
from ingest.readers import read_csv

SOURCE = "rte"
GAS = "Consommation brute gaz (GWh PCS 0°C)"
COLUMNS = {
    "Année": "year",
    f"{GAS} - GRTgaz": "gas_grtgaz_gwh_pcs",
    "Statut - GRTgaz": "gas_grtgaz_status",
    f"{GAS} - Teréga": "gas_terega_gwh_pcs",
    "Statut - Teréga": "gas_terega_status",
    "Consommation brute gaz totale (GWh PCS 0°C)": "gas_total_gwh_pcs",
    "Consommation brute électricité (GWh) - RTE": "electricity_gross_gwh",
    "Consommation corrigée électricité (GWh) - RTE": "electricity_weather_corrected_gwh",
    "Statut - RTE": "electricity_status",
    "Consommation brute totale (GWh)": "total_gross_gwh",
}
# ODRÉ's words for a year's status: final, consolidated, provisional (the current year).
STATUSES = ["Définitif", "Consolidé", "Provisoire"]
# France consumed 420-515 TWh a year since 2001; a value outside 300-700 TWh is a unit slip
# (MWh or TWh read as GWh) or another perimeter.
ELECTRICITY_GWH = (300_000, 700_000)
GAS_GWH = (0, 1_000_000)  # France's gas consumption peaked near 550 TWh (PCS)
ROUNDING_GWH = 1  # each value is a whole GWh


def parse_annual_consumption(path: Path) -> pl.DataFrame:
    frame = read_csv(path, SOURCE, list(COLUMNS), separator=";")
    return frame.select(ROW_COL, *[pl.col(name).alias(new) for name, new in COLUMNS.items()])


def _gwh(bounds: tuple[int, int], what: str, nullable: bool = False):
    return pa.Field(ge=bounds[0], le=bounds[1], nullable=nullable, description=what)


def _adds_up(parts: pl.Expr, total: pl.Expr) -> pl.Expr:
    """Parts equal their total within rounding; a year without gas has nothing to add."""
    return ((parts - total).abs() <= ROUNDING_GWH).fill_null(True)


def _status(what: str, nullable: bool = False):
    return pa.Field(isin=STATUSES, nullable=nullable, description=what)


class AnnualConsumption(pa.DataFrameModel):
    year: int = pa.Field(ge=2000, le=2100, description="Calendar year")
    electricity_gross_gwh: float = _gwh(
        ELECTRICITY_GWH,
        "Gross electricity consumption of France as RTE counts it (consommation brute), GWh: "
        "grid losses included, not corrected for the weather",
    )
    electricity_weather_corrected_gwh: float = _gwh(
        ELECTRICITY_GWH,
        "Electricity consumption corrected for the weather (consommation corrigée), GWh: the "
        "series RTE compares year to year",
    )
    electricity_status: str = _status(
        "Status of the year's electricity figures: Définitif (final), Consolidé (consolidated, "
        "may be revised) or Provisoire (provisional)"
    )
    gas_grtgaz_gwh_pcs: float = _gwh(
        GAS_GWH,
        "Gross gas consumption on GRTgaz's network, GWh of higher heating value (PCS, 0 °C); "
        "empty before 2010",
        nullable=True,
    )
    gas_grtgaz_status: str = _status("Status of the GRTgaz figure", nullable=True)
    gas_terega_gwh_pcs: float = _gwh(
        GAS_GWH,
        "Gross gas consumption on Teréga's network, GWh PCS; empty before 2010",
        nullable=True,
    )
    gas_terega_status: str = _status("Status of the Teréga figure", nullable=True)
    gas_total_gwh_pcs: float = _gwh(
        GAS_GWH, "Gross gas consumption, GRTgaz and Teréga, GWh PCS", nullable=True
    )
    total_gross_gwh: float = pa.Field(
        ge=0,
        nullable=True,
        description="Gas (GWh PCS) and electricity (GWh) added, as the file gives it; empty "
        "where gas is",
    )

    class Config:
        strict = True
        unique = ["year"]

    @pa.dataframe_check(error="gas figure without its status, or a status without a figure")
    def gas_status_with_figure(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("gas_grtgaz_gwh_pcs").is_null() == pl.col("gas_grtgaz_status").is_null())
            & (pl.col("gas_terega_gwh_pcs").is_null() == pl.col("gas_terega_status").is_null())
        )

    @pa.dataframe_check(
        error=f"gas total differs from GRTgaz + Teréga by more than {ROUNDING_GWH} GWh"
    )
    def gas_parts_add_up(cls, data: PolarsData) -> pl.LazyFrame:
        parts = pl.col("gas_grtgaz_gwh_pcs") + pl.col("gas_terega_gwh_pcs")
        return data.lazyframe.select(_adds_up(parts, pl.col("gas_total_gwh_pcs")))

    @pa.dataframe_check(
        error=f"total differs from gas + gross electricity by more than {ROUNDING_GWH} GWh"
    )
    def total_adds_up(cls, data: PolarsData) -> pl.LazyFrame:
        parts = pl.col("gas_total_gwh_pcs") + pl.col("electricity_gross_gwh")
        return data.lazyframe.select(_adds_up(parts, pl.col("total_gross_gwh")))

    @pa.dataframe_check(error="years are not consecutive: a year is missing inside the series")
    def years_consecutive(cls, data: PolarsData) -> pl.LazyFrame:
        year = pl.col("year")
        span = year.max() - year.min() + 1
        return data.lazyframe.select(year.is_not_null() & (span == year.n_unique()))
