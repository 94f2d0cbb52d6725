"""Electricity Maps' yearly zone averages, as republished by co2.js: one JSON object per year,
`{zone_key: {zone: {zoneName, displayName?, countryName?}, carbonIntensity: {value, unit},
renewableEnergy: {value, unit}, carbonFreeEnergy: {value, unit}}}`.

The intensity is Electricity Maps' lifecycle, consumption-based figure (imports carry the
exporting zone's intensity), which is not Ember's production-based one. The published unit
strings are landed and checked: a changed unit rejects the file."""

import re
from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from ingest.errors import IngestError
from ingest.geography import iso2_codes
from ingest.land import ROW_COL
from ingest.readers import read_json

SOURCE = "electricitymaps"
FILE_NAME = re.compile(r"^yearly_(\d{4})\.json$")
# The measures of each zone and the unit the publisher states for each.
MEASURES = {
    "carbonIntensity": ("carbon_intensity", "gCO2eq/kWh"),
    "renewableEnergy": ("renewable", "%"),
    "carbonFreeEnergy": ("carbon_free", "%"),
}
ZONE_FIELDS = {"zone.zoneName": "zone_name"}
OPTIONAL_ZONE_FIELDS = {"zone.displayName": "display_name", "zone.countryName": "country_name"}
# Zone keys are an ISO 3166-1 alpha-2 code, optionally followed by a sub-zone
# (US-MIDA-PJM, SE-SE3, ES-CN-LP, RU-1). Special zones seen so far all start with a code in
# the ISO seed: XK (Kosovo, user-assigned, kept as XKX there), AX (Aland), FO, GF, RE, ...
ZONE_KEY = r"^[A-Z]{2}(-[A-Za-z0-9]+)*$"
# Lifecycle intensity is never zero (wind, the lowest IPCC median, is 11 g): the 2021-2025
# files range from 15 (SE-SE1) to 976 gCO2e/kWh. 1,500 catches a unit slip and leaves room.
MIN_INTENSITY, MAX_INTENSITY = 5.0, 1500.0


class ZoneYearly(pa.DataFrameModel):
    zone_key: str = pa.Field(
        str_matches=ZONE_KEY,
        description="Electricity Maps zone key: ISO 3166-1 alpha-2 country code, optionally "
        "with a sub-zone (US-MIDA-PJM, SE-SE3, AU-NSW)",
    )
    zone_name: str = pa.Field(description="Electricity Maps' zone name (zone.zoneName)")
    display_name: str = pa.Field(
        nullable=True, description="Short display name (zone.displayName); US BAs only"
    )
    country_name: str = pa.Field(
        nullable=True,
        description="Country of a sub-national zone as published (zone.countryName, e.g. "
        "'USA', 'Australia'); empty for country zones",
    )
    year: int = pa.Field(ge=2015, le=2100, description="Calendar year, from the file name")
    carbon_intensity_gco2e_per_kwh: float = pa.Field(
        ge=MIN_INTENSITY,
        le=MAX_INTENSITY,
        description="Yearly average grid carbon intensity, gCO2e per kWh consumed: lifecycle "
        "emissions, consumption-based (flow-traced imports), Electricity Maps' method",
    )
    carbon_intensity_unit: str = pa.Field(
        isin=["gCO2eq/kWh"], description="Unit as published for carbonIntensity"
    )
    renewable_pct: float = pa.Field(
        ge=0, le=100, description="Renewable share of the electricity consumed, % (0-100)"
    )
    renewable_unit: str = pa.Field(isin=["%"], description="Unit as published for renewableEnergy")
    carbon_free_pct: float = pa.Field(
        ge=0,
        le=100,
        description="Carbon-free (renewable and nuclear) share of the electricity consumed, %",
    )
    carbon_free_unit: str = pa.Field(
        isin=["%"], description="Unit as published for carbonFreeEnergy"
    )

    @pa.check("zone_key", name="country prefix is a known ISO 3166-1 alpha-2 code")
    def zone_country_is_known(cls, data: PolarsData) -> pl.LazyFrame:
        prefix = pl.col(data.key).str.slice(0, 2)
        return data.lazyframe.select(prefix.is_in(sorted(iso2_codes())))

    @pa.dataframe_check(error="renewable_pct exceeds carbon_free_pct (renewables are carbon-free)")
    def renewable_within_carbon_free(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("renewable_pct") <= pl.col("carbon_free_pct"))

    class Config:
        strict = True
        unique = ["zone_key", "year"]


def parse_zone_yearly(path: Path) -> pl.DataFrame:
    year = _year_from_name(path)
    doc = read_json(path, SOURCE, dict)
    if not doc:
        raise IngestError(SOURCE, "no zones in the JSON object", file=path.name)
    not_objects = [key for key, zone in doc.items() if not isinstance(zone, dict)]
    if not_objects:
        raise IngestError(
            SOURCE,
            f"JSON of the wrong shape: zones that are not objects: {not_objects[:5]}",
            file=path.name,
        )
    zones = pl.json_normalize(list(doc.values()), infer_schema_length=None)
    zones = zones.with_columns(
        pl.Series("zone_key", list(doc.keys()), dtype=pl.String),
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(ROW_COL),
    )
    _check_shape(zones, path.name)
    _check_units(zones, path.name)
    renames = {**ZONE_FIELDS, **OPTIONAL_ZONE_FIELDS}
    for field, (name, _) in MEASURES.items():
        renames[f"{field}.value"] = _value_column(name)
        renames[f"{field}.unit"] = f"{name}_unit"
    optional = [pl.lit(None, pl.String).alias(c) for c in OPTIONAL_ZONE_FIELDS if c not in zones]
    # Every field as text, so that the five files stack even when one holds a stray string;
    # landing casts to the schema's types and reports what does not cast, by row.
    return (
        zones.with_columns(optional)
        .rename(renames)
        .select(ROW_COL, pl.exclude(ROW_COL).cast(pl.String))
        .with_columns(pl.lit(year, pl.Int64).alias("year"))
        .select(ROW_COL, *ZoneYearly.to_schema().columns)
    )


def _value_column(name: str) -> str:
    return f"{name}_gco2e_per_kwh" if name == "carbon_intensity" else f"{name}_pct"


def _year_from_name(path: Path) -> int:
    match = FILE_NAME.match(path.name)
    if not match:
        raise IngestError(SOURCE, "file name is not yearly_<YEAR>.json", file=path.name)
    return int(match.group(1))


def _required_fields() -> list[str]:
    return [*ZONE_FIELDS, *(f"{m}.{part}" for m in MEASURES for part in ("value", "unit"))]


def _check_shape(zones: pl.DataFrame, file: str) -> None:
    """Every zone holds the same objects; a field that is absent (or not an object where one
    is expected) comes out of json_normalize as null or as an unexpected column."""
    known = {*_required_fields(), *OPTIONAL_ZONE_FIELDS, "zone_key", ROW_COL}
    unexpected = [c for c in zones.columns if c not in known]
    if unexpected:
        raise IngestError(
            SOURCE,
            f"JSON of the wrong shape: unexpected fields {unexpected} in the zone objects",
            file=file,
            column=unexpected[0],
        )
    for field in _required_fields():
        missing = zones.filter(pl.col(field).is_null()) if field in zones.columns else zones
        if missing.height:
            raise IngestError(
                SOURCE,
                f"JSON of the wrong shape: {missing.height} zone(s) without {field} "
                f"(zones {missing['zone_key'].head(5).to_list()})",
                file=file,
                column=field,
                rows=missing[ROW_COL].to_list(),
            )


def _check_units(zones: pl.DataFrame, file: str) -> None:
    """A unit other than the one we land under is a change of meaning, not a bad row."""
    for field, (_, unit) in MEASURES.items():
        wrong = zones.filter(pl.col(f"{field}.unit") != unit)
        if wrong.height:
            found = wrong[f"{field}.unit"].unique().sort().to_list()
            raise IngestError(
                SOURCE,
                f"unit changed: {field}.unit is {found}, expected {unit!r} "
                f"(zones {wrong['zone_key'].head(5).to_list()}); nothing landed",
                file=file,
                column=f"{field}.unit",
                rows=wrong[ROW_COL].to_list(),
            )
