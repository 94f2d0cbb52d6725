"""Green Software Foundation's Real Time Cloud data: per-region metadata of AWS, Google Cloud
and Azure (carbon-free energy, PUE, WUE, carbon intensities) as disclosed and as GSF projects
it, and Amazon's lists of its renewable and carbon-free energy projects.

Nothing here is a company's electricity total: the energy-consumption columns of the region
files are empty in every row, and the parser insists they stay empty rather than drop data."""

import re
from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from ingest.checks import grid_intensity
from ingest.errors import IngestError
from ingest.geography import iso2_codes, place_names
from ingest.land import ROW_COL
from ingest.readers import read_csv

SOURCE = "gsf"
PROVIDERS = ["Amazon Web Services", "Google Cloud", "Microsoft Azure"]

# --- cloud region metadata ------------------------------------------------------------------

REGION_COLUMNS = {  # GSF's header -> warehouse name (units from GSF's specification)
    "year": "year",
    "cloud-provider": "cloud_provider",
    "cloud-region": "cloud_region",
    "cfe-region": "cfe_region",
    "em-zone-id": "em_zone_id",
    "wt-region-id": "wt_region_id",
    "location": "location",
    "provider-cfe-hourly": "provider_cfe_hourly_frac",
    "provider-cfe-annual": "provider_cfe_annual_frac",
    "power-usage-effectiveness": "pue_ratio",
    "water-usage-effectiveness": "wue_l_per_kwh",
    "provider-carbon-intensity-market-annual": (
        "provider_carbon_intensity_market_annual_gco2e_per_kwh"
    ),
    "provider-carbon-intensity-average-consumption-hourly": (
        "provider_carbon_intensity_average_consumption_hourly_gco2e_per_kwh"
    ),
    "grid-carbon-intensity-average-consumption-annual": (
        "grid_carbon_intensity_average_consumption_annual_gco2e_per_kwh"
    ),
    "grid-carbon-intensity-marginal-consumption-annual": (
        "grid_carbon_intensity_marginal_consumption_annual_gco2e_per_kwh"
    ),
    "grid-carbon-intensity-average-production-annual": (
        "grid_carbon_intensity_average_production_annual_gco2e_per_kwh"
    ),
    "grid-carbon-intensity": "sci_grid_carbon_intensity_gco2e_per_kwh",
}
GEOLOCATION = "geolocation"  # "lat,lon" in one cell: landed as latitude_deg, longitude_deg
# Empty in every row of both files (commit b2858aa): company energy and water totals are in
# GSF's schema but nobody has filled them. Not landed; the parser fails once one holds a value.
EMPTY_COLUMNS = [
    "total-ICT-energy-consumption-annual",
    "total-water-input",
    "renewable-energy-consumption",
    "renewable-energy-consumption-goe",
    "renewable-energy-consumption-ppa",
    "renewable-energy-consumption-onsite",
]
# The estimate file has one more, empty column with no name: pandas wrote "Unnamed: 23" for it
# (an index column it had read back). Expected there, and only there, and it must stay empty.
ESTIMATE_EXTRA_COLUMN = "Unnamed: 23"
COORDINATES = r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$"


class CloudRegionYearly(pa.DataFrameModel):
    """Region metadata as the providers disclosed it (GSF's Cloud_Region_Metadata.csv)."""

    # Disclosures lag the year by 6-18 months: the March-2026 file ends with 2024.
    year: int = pa.Field(ge=2019, le=2025, description="Calendar year the values average over")
    cloud_provider: str = pa.Field(isin=PROVIDERS, description="Cloud provider")
    cloud_region: str = pa.Field(
        str_matches=r"^[a-z0-9-]+$",
        description="Provider's region id (af-south-1, europe-west1, northeurope)",
    )
    cfe_region: str = pa.Field(
        nullable=True, description="Carbon-free-energy grid region as the provider names it"
    )
    em_zone_id: str = pa.Field(
        nullable=True,
        str_matches=r"^[A-Z]{2}(-[A-Z0-9]+)*$",
        description="Electricity Maps zone id (ISO 3166-1 alpha-2, then sub-zones: US-CAL-CISO)",
    )
    wt_region_id: str = pa.Field(nullable=True, description="WattTime region id")
    location: str = pa.Field(description="Location as the provider names it")
    latitude_deg: float = pa.Field(
        ge=-90, le=90, nullable=True, description="Latitude of the city, degrees (not the site)"
    )
    longitude_deg: float = pa.Field(
        ge=-180, le=180, nullable=True, description="Longitude of the city, degrees (not the site)"
    )
    provider_cfe_hourly_frac: float = pa.Field(
        ge=0,
        le=1,
        nullable=True,
        description="Carbon-free energy share of the provider's load in the region, hourly "
        "matched and weighted by its hourly use, 0-1",
    )
    provider_cfe_annual_frac: float = pa.Field(
        ge=0,
        le=1,
        nullable=True,
        description="Carbon-free energy share of the provider's load, on annual totals, 0-1",
    )
    # PUE is total facility energy over IT energy: below 1 is impossible; the file's maximum
    # is 1.50 and old enterprise data centres run about 2.
    pue_ratio: float = pa.Field(
        ge=1.0,
        le=3.0,
        nullable=True,
        description="Power usage effectiveness, ratio (facility energy / IT energy), region "
        "average",
    )
    wue_l_per_kwh: float = pa.Field(
        ge=0, le=10, nullable=True, description="Water usage effectiveness, litres per kWh of IT"
    )
    provider_carbon_intensity_market_annual_gco2e_per_kwh: float = grid_intensity(
        "Provider's scope 2 market-based intensity after its energy purchases and offsets, "
        "gCO2e/kWh (0 in every filled row)",
        nullable=True,
    )
    provider_carbon_intensity_average_consumption_hourly_gco2e_per_kwh: float = grid_intensity(
        "Electricity Maps consumption-based intensity weighted by the provider's hourly use, "
        "gCO2e/kWh",
        nullable=True,
    )
    grid_carbon_intensity_average_consumption_annual_gco2e_per_kwh: float = grid_intensity(
        "Electricity Maps consumption-based annual average intensity of em_zone_id, gCO2e/kWh",
        nullable=True,
    )
    grid_carbon_intensity_marginal_consumption_annual_gco2e_per_kwh: float = grid_intensity(
        "WattTime marginal intensity, annual average for wt_region_id, gCO2e/kWh",
        nullable=True,
    )
    grid_carbon_intensity_average_production_annual_gco2e_per_kwh: float = grid_intensity(
        "Production-based annual average intensity of the grid, gCO2e/kWh",
        nullable=True,
    )
    sci_grid_carbon_intensity_gco2e_per_kwh: float = grid_intensity(
        "GSF's 'grid-carbon-intensity': the value fed to the SCI (Impact Framework), the "
        "marginal intensity rounded; not an average. gCO2e/kWh",
        nullable=True,
    )

    @pa.dataframe_check(error="em_zone_id does not start with an ISO 3166-1 alpha-2 code")
    def em_zone_starts_with_a_country(cls, data: PolarsData) -> pl.LazyFrame:
        prefix = pl.col("em_zone_id").str.split("-").list.first()
        return data.lazyframe.select(
            pl.col("em_zone_id").is_null() | prefix.is_in(sorted(iso2_codes()))
        )

    class Config:
        strict = True
        # Azure's northeurope has two rows a year, one per location (Finland, Ireland).
        unique = ["year", "cloud_provider", "cloud_region", "location"]


class CloudRegionYearlyEstimate(CloudRegionYearly):
    """GSF's projection of the same metadata for the current and previous year."""

    year: int = pa.Field(ge=2019, le=2026, description="Calendar year projected")

    class Config:
        strict = True
        unique = ["year", "cloud_provider", "cloud_region", "location"]


def parse_cloud_region_yearly(path: Path) -> pl.DataFrame:
    return _parse_region_file(path, EMPTY_COLUMNS)


def parse_cloud_region_yearly_estimate(path: Path) -> pl.DataFrame:
    return _parse_region_file(path, [*EMPTY_COLUMNS, ESTIMATE_EXTRA_COLUMN])


def _parse_region_file(path: Path, empty_columns: list[str]) -> pl.DataFrame:
    frame = read_csv(path, SOURCE, [*REGION_COLUMNS, GEOLOCATION, *empty_columns])
    _require_empty(frame, empty_columns, path)
    return frame.select(
        ROW_COL,
        *[pl.col(c).alias(name) for c, name in REGION_COLUMNS.items()],
        *_coordinates(pl.col(GEOLOCATION)),
    )


def _require_empty(frame: pl.DataFrame, columns: list[str], path: Path) -> None:
    for column in columns:
        filled = frame.filter(pl.col(column).str.strip_chars().str.len_chars() > 0)
        if filled.height:
            raise IngestError(
                SOURCE,
                f"a column that was empty in every row now holds values ({filled.height} "
                f"rows, e.g. {filled[column][0]!r}): land it on purpose (parser and schema)",
                file=path.name,
                column=column,
                rows=filled[ROW_COL].to_list(),
            )


def _coordinates(cell: pl.Expr) -> list[pl.Expr]:
    """'lat,lon' -> two columns. A cell that is not two numbers is passed on whole, so that
    the cast to Float64 reports it with its row instead of it becoming null."""
    well_formed = cell.str.contains(COORDINATES)
    return [
        pl.when(well_formed).then(cell.str.extract(COORDINATES, group)).otherwise(cell).alias(name)
        for group, name in ((1, "latitude_deg"), (2, "longitude_deg"))
    ]


# --- Amazon's project lists -------------------------------------------------------------------

# Amazon's spelling of countries outside the ISO names are aliases for publisher `gsf` in
# seeds/geography_aliases.csv (US, Czech Republic). "Europe" is one AWS project ("Amazon Wind
# Farm Europe", 2027, coordinates in the North Sea) whose country Amazon does not disclose.
UNDISCLOSED_COUNTRY = "Europe"


def _country_check(data: PolarsData, extra: tuple[str, ...] = ()) -> pl.LazyFrame:
    return data.lazyframe.select(pl.col("country").is_in(sorted(place_names(SOURCE) | set(extra))))


AWS_COLUMNS = {
    "business": "business",
    "name": "project_name",
    "city": "city",
    "state": "state",
    "country": "country",
    "energyType": "energy_type",
    "date": "operational_year",
    "size": "project_size_mw",
    "longitude": "longitude_deg",
    "latitude": "latitude_deg",
    "aws_percent": "aws_share_pct",
    "aws_size_MW": "aws_size_mw",
}


class AwsRenewableProjects(pa.DataFrameModel):
    business: str = pa.Field(
        description="Amazon businesses the project serves, with shares where split "
        "('AWS', '55% AWS, 45% Amazon.com')"
    )
    project_name: str = pa.Field(description="Project name (Amazon Wind Farm Ohio - ...)")
    city: str = pa.Field(description="City, county or municipality as Amazon writes it")
    state: str = pa.Field(description="State or province (the country where there is none)")
    country: str = pa.Field(
        description="Country name as Amazon writes it (US; 'Europe' for one undisclosed site)"
    )
    energy_type: str = pa.Field(
        isin=["Solar farm", "Solar Farm", "Wind farm"],
        description="Solar farm or wind farm (Amazon's spelling, both cases kept)",
    )
    operational_year: int = pa.Field(
        ge=2010, le=2035, description="Year operational, or expected to be (planned projects)"
    )
    project_size_mw: float = pa.Field(
        gt=0, le=2000, description="Project capacity, MW (whole project)"
    )
    longitude_deg: float = pa.Field(ge=-180, le=180, description="Longitude, degrees")
    latitude_deg: float = pa.Field(ge=-90, le=90, description="Latitude, degrees")
    aws_share_pct: float = pa.Field(
        gt=0, le=100, description="AWS's share of the project, % (the file's aws_percent)"
    )
    aws_size_mw: float = pa.Field(gt=0, le=2000, description="AWS's share of the capacity, MW")

    @pa.dataframe_check(error="country is not an ISO country name nor a gsf alias")
    def country_is_known(cls, data: PolarsData) -> pl.LazyFrame:
        return _country_check(data, (UNDISCLOSED_COUNTRY,))

    @pa.dataframe_check(error="aws_size_mw is not project_size_mw x aws_share_pct / 100")
    def aws_size_is_its_share(cls, data: PolarsData) -> pl.LazyFrame:
        share = pl.col("project_size_mw") * pl.col("aws_share_pct") / 100
        tolerance = 0.01 + 0.005 * pl.col("project_size_mw")  # the file rounds to 0.001-0.1 MW
        return data.lazyframe.select((share - pl.col("aws_size_mw")).abs() <= tolerance)

    class Config:
        strict = True
        unique = ["project_name"]


def parse_aws_renewable_projects(path: Path) -> pl.DataFrame:
    frame = read_csv(path, SOURCE, list(AWS_COLUMNS)).rename(AWS_COLUMNS)
    return frame.with_columns(_percent_number(pl.col("aws_share_pct")))


def _percent_number(cell: pl.Expr) -> pl.Expr:
    """'55%' -> '55'. A value without its % sign is passed on marked, so the cast reports it
    rather than landing 0.55 as 0.55 %."""
    return (
        pl.when(cell.str.ends_with("%"))
        .then(cell.str.strip_suffix("%"))
        .otherwise(cell + " (no % sign)")
    )


CFE_COLUMNS = {
    "Site Name": "site_name",
    "Project Type": "project_type",
    "City/County": "city_county",
    "State": "state",
    "Country": "country",
    "Operational Date": "operational_year",
    "System Size (MW)": "system_size_mw",
}
PROJECT_TYPES = [
    "Offshore Wind",
    "On-site Solar",
    "Solar",
    "Solar + Battery",
    "Solar + Storage",
    "Solar + Wind",
    "Solar - Distributed Generation",
    "Wind",
]


class AmazonCfeProjects(pa.DataFrameModel):
    list_year: int = pa.Field(
        ge=2020, le=2100, description="Year of Amazon's list (from the file name)"
    )
    site_name: str = pa.Field(description="Project or site name")
    project_type: str = pa.Field(isin=PROJECT_TYPES, description="Project type, Amazon's words")
    city_county: str = pa.Field(description="City or county")
    state: str = pa.Field(description="State or province (the country where there is none)")
    country: str = pa.Field(description="Country name as Amazon writes it")
    operational_year: int = pa.Field(
        ge=2000, le=2035, description="Year operational, or expected to be (planned projects)"
    )
    # One on-site solar project in the 2024 list has 0.00 MW (Newport, United Kingdom).
    system_size_mw: float = pa.Field(ge=0, le=2000, description="System capacity, MW")

    @pa.dataframe_check(error="country is not an ISO country name nor a gsf alias")
    def country_is_known(cls, data: PolarsData) -> pl.LazyFrame:
        return _country_check(data)

    class Config:
        strict = True
        # Site names repeat (Picassent 1 in two towns; Nagareyama 1 and Barcelona 1 built in
        # two phases), so the town and year are part of the key.
        unique = ["list_year", "site_name", "city_county", "operational_year"]


def parse_amazon_cfe_projects(path: Path) -> pl.DataFrame:
    """One of Amazon's yearly lists; UTF-8 with a byte-order mark, which polars drops."""
    match = re.fullmatch(r"Amazon-Carbon-Free-Energy-Projects-(\d{4})\.csv", path.name)
    if not match:
        raise IngestError(SOURCE, "file name does not end in -<year>.csv", file=path.name)
    frame = read_csv(path, SOURCE, list(CFE_COLUMNS)).rename(CFE_COLUMNS)
    return frame.with_columns(pl.lit(int(match[1])).alias("list_year"))
