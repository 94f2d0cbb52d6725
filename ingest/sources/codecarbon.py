"""The reference tables CodeCarbon 3.3.2 ships: a country energy mix (from Our World in Data,
mixed years), US EPA eGRID2023 state rates (lb/MWh), China's official 2023 provincial CO2
factors, CodeCarbon's per-fuel factors and Google Cloud region intensities.

One table per file, values and units as published: the eGRID rate stays in lb/MWh (staging
converts), the Chinese factors stay CO2-only. Each JSON file's shape and declared units are
checked before anything is read from it: a changed unit rejects the file."""

from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from ingest.checks import grid_intensity
from ingest.errors import IngestError
from ingest.geography import aliases, country_codes, subdivisions
from ingest.land import ROW_COL
from ingest.readers import read_csv, read_json

SOURCE = "codecarbon"


def _shape_error(file: str, message: str, column: str | None = None, rows=None):
    return IngestError(
        SOURCE, f"JSON of the wrong shape: {message}", file=file, column=column, rows=rows
    )


def _records(entries: dict, file: str, fields: list[str], key: str) -> pl.DataFrame:
    """One row per entry of a JSON object whose values are objects with exactly `fields`;
    the entry's name goes to column `key`, its position in the file to __row."""
    not_objects = [name for name, entry in entries.items() if not isinstance(entry, dict)]
    if not_objects:
        raise _shape_error(file, f"entries that are not objects: {not_objects[:5]}")
    if not entries:
        raise _shape_error(file, "no entries")
    frame = pl.json_normalize(list(entries.values()), infer_schema_length=None)
    frame = frame.with_columns(
        pl.Series(key, list(entries.keys()), dtype=pl.String),
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(ROW_COL),
    )
    unexpected = [c for c in frame.columns if c not in {*fields, key, ROW_COL}]
    if unexpected:
        raise _shape_error(file, f"unexpected fields {unexpected}", column=unexpected[0])
    for field in fields:
        missing = frame.filter(pl.col(field).is_null()) if field in frame.columns else frame
        if missing.height:
            raise _shape_error(
                file,
                f"{missing.height} entries without {field} ({missing[key].head(5).to_list()})",
                column=field,
                rows=missing[ROW_COL].to_list(),
            )
    return frame


def _expect(file: str, what: str, found, expected) -> None:
    """A declared unit, field or convention that differs from what we land under."""
    if found != expected:
        raise IngestError(
            SOURCE,
            f"{what} is {found!r}, expected {expected!r}: the file's meaning changed; "
            "nothing landed",
            file=file,
            column=what,
        )


def _sums_match(total: str, parts: list[str]) -> pl.Expr:
    """total = sum of parts, within rounding (0.05 TWh or 0.1 %)."""
    gap = (pl.col(total) - pl.sum_horizontal(parts)).abs()
    return gap <= pl.max_horizontal(pl.lit(0.05), pl.col(total).abs() * 0.001)


# --- global_energy_mix.json --------------------------------------------------------------

FUELS_TWH = [
    "coal",
    "gas",
    "oil",
    "nuclear",
    "hydroelectricity",
    "solar",
    "wind",
    "biofuel",
    "other_renewable",
    "other_renewable_exc_biofuel",
]
TOTALS_TWH = ["total", "fossil", "renewables", "low_carbon"]
MIX_RENAMES = {
    **{f"{f}_TWh": f"{f}_twh" for f in FUELS_TWH + TOTALS_TWH},
    "carbon_intensity": "carbon_intensity_gco2e_per_kwh",
    # Named Wh, but the values are OWID's per_capita_electricity in kWh (USA 12,497).
    "per_capita_Wh": "generation_per_capita_kwh",
    "iso_code": "iso_code",
    "country_name": "country_name",
    "year": "year",
}


def _twh(description: str, le: float = 20_000) -> Any:  # a pandera Field, typed as its column
    return pa.Field(ge=0, le=le, description=f"{description}, TWh")


class CountryEnergyMix(pa.DataFrameModel):
    country_code: str = pa.Field(
        known={"values": country_codes(), "what": "ISO 3166-1 alpha-3 code"},
        description="ISO 3166-1 alpha-3 code (the file's key, equal to its iso_code)",
    )
    country_name: str = pa.Field(description="Country name as CodeCarbon/OWID spell it")
    year: int = pa.Field(
        ge=2000,
        le=2100,
        description="Year of this country's figures: the file mixes years (mostly 2022 and "
        "2023; Western Sahara 2009)",
    )
    total_twh: float = _twh("Total electricity generation")
    coal_twh: float = _twh("Generation from coal")
    gas_twh: float = _twh("Generation from gas")
    oil_twh: float = _twh("Generation from oil")
    nuclear_twh: float = _twh("Generation from nuclear")
    hydroelectricity_twh: float = _twh("Generation from hydropower")
    solar_twh: float = _twh("Generation from solar")
    wind_twh: float = _twh("Generation from wind")
    biofuel_twh: float = _twh("Generation from bioenergy")
    other_renewable_twh: float = _twh(
        "Generation from other renewables including bioenergy (OWID's definition; does not "
        "always equal biofuel + other_renewable_exc_biofuel in this file)"
    )
    other_renewable_exc_biofuel_twh: float = _twh(
        "Generation from other renewables excluding bioenergy (geothermal, tidal, ...)"
    )
    fossil_twh: float = _twh("Generation from fossil fuels (coal + gas + oil)")
    renewables_twh: float = _twh("Generation from renewables")
    low_carbon_twh: float = _twh("Generation from low-carbon sources (renewables + nuclear)")
    # Central African Republic is 0.0 (0.15 TWh, nearly all hydro) as published.
    carbon_intensity_gco2e_per_kwh: float = grid_intensity(
        "Carbon intensity of electricity generation, gCO2e/kWh (OWID's "
        "carbon_intensity_elec, from Ember: lifecycle, production-based)"
    )
    generation_per_capita_kwh: float = pa.Field(
        ge=0,
        le=100_000,
        description="Electricity generation per person, kWh (published as per_capita_Wh, but "
        "the values are kWh: USA 12,497, Iceland 53,285)",
    )

    @pa.dataframe_check(error="fossil_twh is not coal + gas + oil (within 0.05 TWh or 0.1%)")
    def fossil_adds_up(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_sums_match("fossil_twh", ["coal_twh", "gas_twh", "oil_twh"]))

    @pa.dataframe_check(error="low_carbon_twh is not renewables + nuclear (within rounding)")
    def low_carbon_adds_up(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            _sums_match("low_carbon_twh", ["renewables_twh", "nuclear_twh"])
        )

    @pa.dataframe_check(error="total_twh is not fossil + low-carbon (within rounding)")
    def total_adds_up(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_sums_match("total_twh", ["fossil_twh", "low_carbon_twh"]))

    class Config:
        strict = True
        unique = ["country_code"]


def parse_country_energy_mix(path: Path) -> pl.DataFrame:
    doc = read_json(path, SOURCE, dict)
    frame = _records(doc, path.name, list(MIX_RENAMES), key="country_code")
    mismatch = frame.filter(pl.col("country_code") != pl.col("iso_code"))
    if mismatch.height:
        raise IngestError(
            SOURCE,
            "the key and iso_code of an entry disagree: "
            f"{mismatch.select('country_code', 'iso_code').rows()[:5]}",
            file=path.name,
            column="iso_code",
            rows=mismatch[ROW_COL].to_list(),
        )
    columns = list(CountryEnergyMix.to_schema().columns)
    return frame.drop("iso_code").rename(MIX_RENAMES, strict=False).select(ROW_COL, *columns)


# --- usa_emissions.json (eGRID2023) -------------------------------------------------------

EGRID_UNIT, EGRID_FIELD = "lbs/MWh", "STC2ERTA"
US_TOTAL = "usa"  # the national rate's key and regionCode


class UsStateEmissionRates(pa.DataFrameModel):
    state_name: str = pa.Field(
        description="State name as published, lower case ('district of columbia'), or "
        "'usa' for the national rate"
    )
    state_code: str = pa.Field(
        description="Two-letter USPS/ISO 3166-2 state code (regionCode), or 'usa' for the "
        "national rate"
    )
    year: int = pa.Field(ge=2018, le=2100, description="eGRID data year (_source.year)")
    co2e_rate_lb_per_mwh: float = pa.Field(
        ge=0,
        # An all-lignite grid emits about 2,500 lb/MWh; the highest state (WV) is 1,969.
        le=3_000,
        description="eGRID state annual CO2e total output emission rate (STC2ERTA), lb per "
        "MWh, as published (x 0.4536 for g/kWh)",
    )

    @pa.dataframe_check(
        error="state_code is not a US ISO 3166-2 code whose name is state_name (nor the "
        "codecarbon alias 'usa')"
    )
    def state_code_matches_name(cls, data: PolarsData) -> pl.LazyFrame:
        names = {
            code.removeprefix("US-"): name.lower() for code, name in subdivisions("US").items()
        }
        iso_name = pl.col("state_code").replace_strict(names, default=None, return_dtype=pl.String)
        is_total = (pl.col("state_code") == US_TOTAL) & pl.col("state_name").is_in(
            list(aliases(SOURCE))
        )
        return data.lazyframe.select((iso_name == pl.col("state_name")).fill_null(False) | is_total)

    class Config:
        strict = True
        unique = ["state_code"]


def parse_us_state_emission_rates(path: Path) -> pl.DataFrame:
    doc = read_json(path, SOURCE, dict)
    unit, source = doc.pop("_unit", None), doc.pop("_source", None)
    if not isinstance(unit, dict) or not isinstance(source, dict):
        raise _shape_error(path.name, "the _unit and _source objects are missing")
    _expect(path.name, "_unit.emissions", unit.get("emissions"), EGRID_UNIT)
    _expect(path.name, "_source.field", source.get("field"), EGRID_FIELD)
    frame = _records(doc, path.name, ["emissions", "regionCode"], key="state_name")
    return frame.select(
        ROW_COL,
        "state_name",
        pl.col("regionCode").alias("state_code"),
        pl.lit(source.get("year")).alias("year"),
        pl.col("emissions").alias("co2e_rate_lb_per_mwh"),
    )


# --- china_provincial_emissions.json (MEE/NBS) --------------------------------------------

CN_UNIT = "gCO2/kWh"
CN_FIELDS = ["emission_factor", "unit", "description", "year", "names"]


class ChinaProvinceEmissionFactors(pa.DataFrameModel):
    province_code: str = pa.Field(
        known={"values": list(subdivisions("CN")), "what": "ISO 3166-2 CN code"},
        description="ISO 3166-2 code of the province (CN-BJ)",
    )
    province_name: str = pa.Field(
        description="English province name as published ('Inner Mongolia'); mapped to the "
        "code through the codecarbon aliases in seeds/geography_aliases.csv"
    )
    year: int = pa.Field(ge=2010, le=2100, description="Year the factor describes")
    emission_factor_gco2_per_kwh: float = grid_intensity(
        "Average electricity CO2 emission factor, gCO2 per kWh: CO2 only (not "
        "CO2e, not lifecycle), location-based, with inter-provincial transfers"
    )
    source_url: str = pa.Field(
        str_startswith="https://", description="Official announcement (metadata.source_url)"
    )

    @pa.dataframe_check(
        error="province_name is not a codecarbon alias of province_code "
        "(seeds/geography_aliases.csv)"
    )
    def name_matches_code(cls, data: PolarsData) -> pl.LazyFrame:
        code_of = pl.col("province_name").replace_strict(
            aliases(SOURCE), default=None, return_dtype=pl.String
        )
        return data.lazyframe.select((code_of == pl.col("province_code")).fill_null(False))

    class Config:
        strict = True
        unique = ["province_code", "year"]


def parse_china_province_emission_factors(path: Path) -> pl.DataFrame:
    doc = read_json(path, SOURCE, dict)
    data, meta = doc.get("data"), doc.get("metadata")
    if not isinstance(data, dict) or not isinstance(meta, dict):
        raise _shape_error(path.name, "expected objects 'data' and 'metadata'")
    _expect(path.name, "metadata.unit", meta.get("unit"), CN_UNIT)
    frame = _records(data, path.name, CN_FIELDS, key="province_code")
    for unit in frame["unit"].unique().to_list():
        _expect(path.name, "unit", unit, CN_UNIT)
    return frame.select(
        ROW_COL,
        "province_code",
        pl.col("description").alias("province_name"),
        "year",
        pl.col("emission_factor").alias("emission_factor_gco2_per_kwh"),
        pl.lit(meta.get("source_url")).alias("source_url"),
    )


# --- carbon_intensity_per_source.json -----------------------------------------------------

FACTOR_UNIT = "gCO2.eq/kWh"
ENERGY_SOURCES = [
    "world_average",
    "coal",
    "petroleum",
    "natural_gas",
    "fossil",
    "geothermal",
    "hydroelectricity",
    "nuclear",
    "solar",
    "wind",
    "biomass",
    "biofuel",
    "waste",
]


class EnergySourceFactors(pa.DataFrameModel):
    energy_source: str = pa.Field(
        isin=ENERGY_SOURCES,
        description="Energy source as CodeCarbon names it, or world_average",
    )
    carbon_intensity_gco2e_per_kwh: float = grid_intensity(
        "Emission factor, gCO2e per kWh generated (CodeCarbon's choice of "
        "source per fuel; mostly lifecycle, differs from IPCC AR5's medians)"
    )
    reference: str = pa.Field(
        str_length={"min_value": 10},
        description="The reference CodeCarbon gives for the factor (<name>_source): a URL "
        "or a sentence citing one",
    )

    class Config:
        strict = True
        unique = ["energy_source"]


def parse_energy_source_factors(path: Path) -> pl.DataFrame:
    doc = read_json(path, SOURCE, dict)
    _expect(path.name, "unit", doc.pop("unit", None), FACTOR_UNIT)
    if not doc:
        raise _shape_error(path.name, "no factors")
    pairs = (
        pl.DataFrame([doc], infer_schema_length=None)
        .select(pl.all().cast(pl.String))
        .unpivot(variable_name="key", value_name="text")
        .with_row_index(ROW_COL, offset=1)
        .with_columns(pl.col(ROW_COL).cast(pl.Int64))
    )
    is_ref = pl.col("key").str.ends_with("_source")
    values = pairs.filter(~is_ref).rename({"key": "energy_source"})
    refs = pairs.filter(is_ref).select(
        pl.col("key").str.strip_suffix("_source").alias("energy_source"),
        pl.col("text").alias("reference"),
    )
    unpaired = sorted(set(values["energy_source"]).symmetric_difference(refs["energy_source"]))
    if unpaired:
        raise _shape_error(path.name, f"a factor without its _source, or the reverse: {unpaired}")
    return values.join(refs, on="energy_source").select(
        ROW_COL,
        "energy_source",
        pl.col("text").alias("carbon_intensity_gco2e_per_kwh"),
        "reference",
    )


# --- impact.csv (cloud regions) -----------------------------------------------------------

CLOUD_COLUMNS = {
    "provider": "provider",
    "providerName": "provider_name",
    "offsetRatio": "offset_ratio_pct",
    "region": "region",
    "regionName": "region_name",
    "country_name": "country_name",
    "countryIsoCode": "country_code",
    "state": "state",
    "city": "city",
    "impact": "carbon_intensity_gco2e_per_kwh",
    "source": "source_url",
    "comment": "comment",
}


class CloudRegionIntensity(pa.DataFrameModel):
    provider: str = pa.Field(isin=["gcp", "aws", "azure"], description="Cloud provider id")
    provider_name: str = pa.Field(description="Cloud provider's name")
    offset_ratio_pct: float = pa.Field(
        ge=0,
        le=100,
        description="Share of the region's emissions the provider claims to offset or "
        "match, % (CodeCarbon's offsetRatio)",
    )
    region: str = pa.Field(
        description="Provider's region id as published (one is misspelt: me-cenrtal1)"
    )
    region_name: str = pa.Field(nullable=True, description="Region's display name, if given")
    country_name: str = pa.Field(description="Country as published ('USA', 'Korea')")
    country_code: str = pa.Field(
        known={"values": country_codes(), "what": "ISO 3166-1 alpha-3 code"},
        description="ISO 3166-1 alpha-3 code of the region's country (countryIsoCode)",
    )
    state: str = pa.Field(
        nullable=True,
        description="State or area as published, free text ('Iowa', 'Northern Virginia', "
        "'England'); not a code",
    )
    city: str = pa.Field(description="City of the region")
    carbon_intensity_gco2e_per_kwh: float = grid_intensity(
        "Grid carbon intensity of the region, gCO2e per kWh, as the provider "
        "publishes it (location-based; see source_url)"
    )
    source_url: str = pa.Field(str_startswith="http", description="Where the figure comes from")
    comment: str = pa.Field(nullable=True, description="CodeCarbon's comment")

    class Config:
        strict = True
        unique = ["provider", "region"]


def parse_cloud_region_intensity(path: Path) -> pl.DataFrame:
    frame = read_csv(path, SOURCE, list(CLOUD_COLUMNS))
    return frame.rename(CLOUD_COLUMNS)
