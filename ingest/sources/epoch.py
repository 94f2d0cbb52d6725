"""Epoch AI's databases as CSV exports: GPU clusters (AI supercomputers), frontier AI data
centres and their construction timelines, machine-learning hardware, frontier AI models.

Bottom-up and partial: they track named facilities, chips and models, not the whole fleet, so
their sums are not total AI load. Power columns are capacity or draw (MW, W), not energy:
turning them into TWh needs a load factor and a PUE.

The exports are wide (up to 95 columns) and Epoch adds columns often. Each table lands the
columns an analyst of AI electricity needs, renamed with their units; the parsers read with
allow_extra=True so that a new column Epoch adds does not stop the build, while a column we
land that is renamed or dropped still fails it.
"""

from datetime import date
from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

import ingest.checks  # noqa: F401 (registers the `known` check)
from ingest.geography import place_names
from ingest.readers import read_csv

SOURCE = "epoch"
EARLIEST, LATEST = date(2000, 1, 1), date(2040, 12, 31)  # operation and timeline dates
# Bounds far above Epoch's largest entries (a 5,000 MW campus, a 50-million-H100e plan) that
# still catch a unit slip (kW for MW).
MAX_SITE_MW = 50_000.0
MAX_H100E = 1e8

GPU_CLUSTERS = {
    "Name": "name",
    "Status": "status",
    "Certainty": "certainty",
    "Single cluster?": "single_cluster",
    "Country": "country",
    "Location": "location",
    "Owner": "owner",
    "Users": "users",
    "Sector": "sector",
    "First Operational Date": "first_operational_date",
    "First Operational Date Note": "first_operational_date_note",
    "Decommissioned Date (if applicable)": "decommissioned_date",
    "Power Capacity (MW)": "power_capacity_mw",
    "Calculated Power Capacity (MW)": "calculated_power_capacity_mw",
    "Reported Power Capacity (MW)": "reported_power_capacity_mw",
    "H100 equivalents": "h100_equivalents",
    "Chip type (primary)": "chip_type_primary",
    "Chip quantity (primary)": "chip_quantity_primary",
    "Chip type (secondary)": "chip_type_secondary",
    "Chip quantity (secondary)": "chip_quantity_secondary",
    "Total number of AI chips": "total_ai_chips",
    "GPU Supplier (primary)": "chip_supplier_primary",
    "Max OP/s": "max_op_per_s",
    "16-bit OP/s": "performance_16bit_op_per_s",
    "Include in Standard Analysis": "include_in_standard_analysis",
    "Possible Duplicate": "possible_duplicate",
    "Possible Duplicate Of": "possible_duplicate_of",
    "Builds Upon": "builds_upon",
    "Superseded by": "superseded_by",
    "Source 1": "source_url",
}
# "Sentinel satellite timelapse" (image attachments behind URLs that expire) is not landed.
DATA_CENTERS = {
    "Handle": "handle",
    "Title": "title",
    "Project": "project",
    "Address": "address",
    "Latitude": "latitude_dms",
    "Longitude": "longitude_dms",
    "Owner": "owner",
    "Users": "users",
    "Investors": "investors",
    "Construction companies": "construction_companies",
    "Energy companies": "energy_companies",
    "Current H100 equivalents": "current_h100_equivalents",
    "Current power (MW)": "current_power_mw",
    "Current total capital cost (2025 USD billions)": "current_capital_cost_2025_usd_bn",
}
DATA_CENTER_TIMELINES = {
    "Data center": "data_center",
    "Date": "date",
    "Construction status": "construction_status",
    "Power (MW)": "power_mw",
    "H100 equivalents": "h100_equivalents",
    "Buildings operational": "buildings_operational",
    "Performance (8-bit OP/s)": "performance_8bit_op_per_s",
    "Total capital cost (2025 USD billions)": "total_capital_cost_2025_usd_bn",
    "Compute cost (2025 USD billions)": "compute_cost_2025_usd_bn",
    "Construction cost (2025 USD billions)": "construction_cost_2025_usd_bn",
    "Building area (square feet)": "building_area_sqft",
    "Site area (square feet)": "site_area_sqft",
    "Water use (MGD)": "water_use_mgd",
}
ML_HARDWARE = {
    "Hardware name": "hardware_name",
    "Manufacturer": "manufacturer",
    "Type": "hardware_type",
    "Release date": "release_date",
    "Release price (USD)": "release_price_usd",
    "TDP (W)": "tdp_w",
    "FP64 (double precision) performance (FLOP/s)": "fp64_flop_per_s",
    "FP32 (single precision) performance (FLOP/s)": "fp32_flop_per_s",
    "FP16 (half precision) performance (FLOP/s)": "fp16_flop_per_s",
    "TF32 (TensorFloat-32) performance (FLOP/s)": "tf32_flop_per_s",
    "Tensor-FP16/BF16 performance (FLOP/s)": "tensor_fp16_bf16_flop_per_s",
    "FP8 performance (FLOP/s)": "fp8_flop_per_s",
    "FP4 performance (FLOP/s)": "fp4_flop_per_s",
    "INT8 performance (OP/s)": "int8_op_per_s",
    "Memory size per board (Byte)": "memory_bytes",
    "Memory bandwidth (byte/s)": "memory_bandwidth_bytes_per_s",
    "Process size (nm)": "process_size_nm",
    "Foundry": "foundry",
}
FRONTIER_AI_MODELS = {
    "Model": "model",
    "Organization": "organization",
    "Country (of organization)": "country_of_organization",
    "Organization categorization": "organization_category",
    "Publication date": "publication_date",
    "Domain": "domain",
    "Model accessibility": "model_accessibility",
    "Confidence": "confidence",
    "Parameters": "parameters",
    "Training compute (FLOP)": "training_compute_flop",
    "Training compute estimation method": "training_compute_estimation_method",
    "Training time (hours)": "training_time_hours",
    "Training hardware": "training_hardware",
    "Hardware quantity": "hardware_quantity",
    "Hardware utilization (MFU)": "hardware_utilization_mfu_frac",
    "Training chip-hours": "training_chip_hours",
    "Power per GPU": "power_per_chip_w",
    "Training power draw (W)": "training_power_draw_w",
    "Training compute cost (2023 USD)": "training_compute_cost_2023_usd",
    "Training data center": "training_data_center",
    "Training cloud compute vendor": "training_cloud_vendor",
}


def _parser(columns: dict[str, str]):
    def parse(path: Path) -> pl.DataFrame:
        # allow_extra: Epoch adds columns to these exports often; we land a chosen subset.
        frame = read_csv(path, SOURCE, list(columns), allow_extra=True)
        return frame.rename(columns).with_columns(pl.col(pl.String).str.strip_chars())

    return parse


def parse_gpu_clusters(path: Path) -> pl.DataFrame:
    """Epoch lists its anonymised Chinese systems under one name ("Anonymized Chinese System"),
    some with identical rows: name_seq numbers the rows of a name in file order."""
    frame = _parser(GPU_CLUSTERS)(path)
    return frame.with_columns(name_seq=pl.int_range(1, pl.len() + 1).over("name"))


parse_data_centers = _parser(DATA_CENTERS)
parse_data_center_timelines = _parser(DATA_CENTER_TIMELINES)
parse_ml_hardware = _parser(ML_HARDWARE)
parse_frontier_ai_models = _parser(FRONTIER_AI_MODELS)


def country_names() -> list[str]:
    """Country names Epoch may use: ISO 3166 names and Epoch's own spellings (its aliases)."""
    return sorted(place_names(SOURCE))


class GpuClusters(pa.DataFrameModel):
    name: str = pa.Field(
        description="Epoch's name of the cluster (a phase of a site may be its own row)"
    )
    name_seq: int = pa.Field(
        ge=1,
        description="1 for every named cluster; numbers the rows Epoch lists under one "
        "name (its anonymised Chinese systems) in the order of the file",
    )
    status: str = pa.Field(
        isin=["Existing", "Planned", "Decommissioned"],
        description="Existing, Planned or Decommissioned: filter before summing",
    )
    certainty: str = pa.Field(
        isin=["Confirmed", "Likely", "Unlikely"],
        description="Epoch's confidence that the cluster exists or will: Confirmed, Likely, "
        "Unlikely (rumoured plans)",
    )
    single_cluster: str = pa.Field(
        nullable=True,
        isin=["Yes", "No", "Unclear"],
        description="Whether the chips form one cluster (Yes, No, Unclear)",
    )
    country: str = pa.Field(
        nullable=True,
        known={"values": country_names(), "what": "country name (ISO 3166 or epoch alias)"},
        description="Country as Epoch names it (ISO names, some in their official form: "
        "mapped by seeds/geography_aliases.csv)",
    )
    location: str = pa.Field(nullable=True, description="Location as Epoch gives it (free text)")
    owner: str = pa.Field(nullable=True, description="Owner(s), comma-separated")
    users: str = pa.Field(nullable=True, description="Users, comma-separated")
    sector: str = pa.Field(
        nullable=True,
        isin=["Private", "Public", "Public/Private"],
        description="Private, Public or Public/Private",
    )
    first_operational_date: pl.Date = pa.Field(
        nullable=True,
        ge=EARLIEST,
        le=LATEST,
        description="Date the cluster became (or is planned to become) operational; Epoch "
        "sets the 15th when it knows only the month",
    )
    first_operational_date_note: str = pa.Field(
        nullable=True, description="Epoch's note on the date (e.g. 'Planned 2030')"
    )
    decommissioned_date: str = pa.Field(
        nullable=True,
        str_matches=r"^\d{4}-\d{2}(-\d{2})?$",
        description="Date of decommissioning as Epoch gives it: YYYY-MM-DD or YYYY-MM",
    )
    power_capacity_mw: float = pa.Field(
        nullable=True,
        gt=0,
        le=MAX_SITE_MW,
        description="Power capacity of the cluster, MW (capacity, not energy): the reported "
        "value where there is one, else Epoch's calculation from the chips",
    )
    calculated_power_capacity_mw: float = pa.Field(
        nullable=True,
        gt=0,
        le=MAX_SITE_MW,
        description="Power capacity Epoch calculates from chip type and quantity, MW",
    )
    reported_power_capacity_mw: float = pa.Field(
        nullable=True, gt=0, le=MAX_SITE_MW, description="Power capacity as reported, MW"
    )
    h100_equivalents: float = pa.Field(
        nullable=True,
        gt=0,
        le=MAX_H100E,
        description="Performance in NVIDIA H100 equivalents (count of H100s of equal compute)",
    )
    chip_type_primary: str = pa.Field(nullable=True, description="Main chip type")
    chip_quantity_primary: float = pa.Field(
        nullable=True,
        gt=0,
        le=MAX_H100E,
        description="Number of main chips (count; Epoch's export has fractions such as "
        "30000.000000000004, kept as they are)",
    )
    chip_type_secondary: str = pa.Field(nullable=True, description="Second chip type")
    chip_quantity_secondary: float = pa.Field(
        nullable=True, gt=0, le=MAX_H100E, description="Number of second chips (count)"
    )
    total_ai_chips: float = pa.Field(
        nullable=True, gt=0, le=MAX_H100E, description="Total number of AI chips (count)"
    )
    chip_supplier_primary: str = pa.Field(
        nullable=True, description="Supplier of the main chips (NVIDIA, Google, ..., Anonymized)"
    )
    max_op_per_s: float = pa.Field(
        nullable=True, ge=0, le=1e26, description="Peak performance at any precision, OP/s"
    )
    performance_16bit_op_per_s: float = pa.Field(
        nullable=True, ge=0, le=1e26, description="Peak 16-bit performance, OP/s"
    )
    include_in_standard_analysis: bool = pa.Field(
        nullable=True, description="True where Epoch includes the row in its standard analysis"
    )
    possible_duplicate: bool = pa.Field(
        nullable=True, description="True where Epoch flags the row as a possible duplicate"
    )
    possible_duplicate_of: str = pa.Field(nullable=True, description="Names it may duplicate")
    builds_upon: str = pa.Field(
        nullable=True, description="Earlier phase(s) this row extends: do not add both"
    )
    superseded_by: str = pa.Field(nullable=True, description="Later phase that replaces this row")
    source_url: str = pa.Field(nullable=True, description="Epoch's first source (URL)")

    class Config:
        strict = True
        unique = ["name", "name_seq"]


class DataCenters(pa.DataFrameModel):
    handle: str = pa.Field(description="Epoch's identifier of the site (timelines refer to it)")
    title: str = pa.Field(description="Display name of the site")
    project: str = pa.Field(nullable=True, description="Project name, with Epoch's certainty tag")
    address: str = pa.Field(description="Address (free text)")
    latitude_dms: str = pa.Field(
        str_matches=r"""^\d{1,2}°\d{1,2}'[\d.]+"[NS]$""",
        description="Latitude in degrees, minutes, seconds as Epoch writes it (32°35'25\"N)",
    )
    longitude_dms: str = pa.Field(
        str_matches=r"""^\d{1,3}°\d{1,2}'[\d.]+"[EW]$""",
        description="Longitude in degrees, minutes, seconds (90°05'35\"W)",
    )
    owner: str = pa.Field(
        nullable=True, description="Owner, with Epoch's certainty tag (#confident)"
    )
    users: str = pa.Field(description="Users, with Epoch's certainty tags")
    investors: str = pa.Field(nullable=True, description="Investors, comma-separated")
    construction_companies: str = pa.Field(nullable=True, description="Builders, comma-separated")
    energy_companies: str = pa.Field(nullable=True, description="Energy suppliers, comma-separated")
    current_h100_equivalents: float = pa.Field(
        ge=0, le=MAX_H100E, description="Compute installed now, in H100 equivalents"
    )
    current_power_mw: float = pa.Field(
        ge=0, le=MAX_SITE_MW, description="Power capacity installed now, MW (capacity, not energy)"
    )
    current_capital_cost_2025_usd_bn: float = pa.Field(
        ge=0, le=1_000, description="Capital cost to date, billions of 2025 US dollars"
    )

    class Config:
        strict = True
        unique = ["handle"]


class DataCenterTimelines(pa.DataFrameModel):
    data_center: str = pa.Field(description="Site handle (data_centers.handle)")
    date: pl.Date = pa.Field(
        ge=EARLIEST, le=LATEST, description="Date of the milestone; later dates are projections"
    )
    construction_status: str = pa.Field(nullable=True, description="What happened (free text)")
    power_mw: float = pa.Field(
        ge=0, le=MAX_SITE_MW, description="Power capacity at that date, MW (capacity, not energy)"
    )
    h100_equivalents: float = pa.Field(
        nullable=True, ge=0, le=MAX_H100E, description="Compute at that date, H100 equivalents"
    )
    buildings_operational: int = pa.Field(
        ge=0, le=1_000, description="Buildings operational (count)"
    )
    performance_8bit_op_per_s: float = pa.Field(
        nullable=True, ge=0, le=1e26, description="Peak 8-bit performance at that date, OP/s"
    )
    total_capital_cost_2025_usd_bn: float = pa.Field(
        ge=0, le=1_000, description="Capital cost to that date, billions of 2025 US dollars"
    )
    compute_cost_2025_usd_bn: float = pa.Field(
        ge=0, le=1_000, description="Of which compute hardware, billions of 2025 US dollars"
    )
    construction_cost_2025_usd_bn: float = pa.Field(
        ge=0, le=1_000, description="Of which construction, billions of 2025 US dollars"
    )
    building_area_sqft: float = pa.Field(
        nullable=True, ge=0, le=1e9, description="Building floor area, square feet"
    )
    site_area_sqft: float = pa.Field(
        nullable=True, ge=0, le=1e10, description="Site area, square feet"
    )
    water_use_mgd: float = pa.Field(
        nullable=True, ge=0, le=1_000, description="Water use, million US gallons per day"
    )

    class Config:
        strict = True
        unique = ["data_center", "date"]


class MlHardware(pa.DataFrameModel):
    hardware_name: str = pa.Field(description="Chip or accelerator name")
    manufacturer: str = pa.Field(nullable=True, description="Manufacturer")
    hardware_type: str = pa.Field(nullable=True, description="GPU, TPU, NPU, ...")
    release_date: pl.Date = pa.Field(
        nullable=True, ge=date(1990, 1, 1), le=LATEST, description="Release date"
    )
    release_price_usd: float = pa.Field(
        nullable=True, ge=0, le=10_000_000, description="Price at release, US dollars (nominal)"
    )
    # Wafer-scale systems draw tens of kW; 30 kW still catches a W/mW slip.
    tdp_w: float = pa.Field(
        nullable=True, gt=0, le=30_000, description="Thermal design power of one chip/board, W"
    )
    fp64_flop_per_s: float = pa.Field(nullable=True, ge=0, le=1e18, description="Peak FP64, FLOP/s")
    fp32_flop_per_s: float = pa.Field(nullable=True, ge=0, le=1e18, description="Peak FP32, FLOP/s")
    fp16_flop_per_s: float = pa.Field(nullable=True, ge=0, le=1e18, description="Peak FP16, FLOP/s")
    tf32_flop_per_s: float = pa.Field(
        nullable=True, ge=0, le=1e18, description="Peak TF32 (tensor), FLOP/s"
    )
    tensor_fp16_bf16_flop_per_s: float = pa.Field(
        nullable=True, ge=0, le=1e18, description="Peak tensor FP16/BF16, FLOP/s"
    )
    fp8_flop_per_s: float = pa.Field(nullable=True, ge=0, le=1e18, description="Peak FP8, FLOP/s")
    fp4_flop_per_s: float = pa.Field(nullable=True, ge=0, le=1e18, description="Peak FP4, FLOP/s")
    int8_op_per_s: float = pa.Field(nullable=True, ge=0, le=1e18, description="Peak INT8, OP/s")
    memory_bytes: float = pa.Field(
        nullable=True, ge=0, le=1e13, description="Memory per board, bytes"
    )
    memory_bandwidth_bytes_per_s: float = pa.Field(
        nullable=True, ge=0, le=1e15, description="Memory bandwidth, bytes per second"
    )
    process_size_nm: float = pa.Field(
        nullable=True, gt=0, le=1_000, description="Manufacturing process, nm"
    )
    foundry: str = pa.Field(nullable=True, description="Foundry (TSMC, Samsung, ...)")

    class Config:
        strict = True
        unique = ["hardware_name"]


class FrontierAiModels(pa.DataFrameModel):
    model: str = pa.Field(description="Model name")
    organization: str = pa.Field(nullable=True, description="Developer(s), comma-separated")
    country_of_organization: str = pa.Field(
        nullable=True,
        description="Country of each developer, comma-separated in the order of organization "
        "(names as in gpu_clusters.country)",
    )
    organization_category: str = pa.Field(
        nullable=True, description="Industry, Academia, Government per developer, comma-separated"
    )
    publication_date: pl.Date = pa.Field(
        ge=date(1940, 1, 1), le=LATEST, description="Publication or announcement date"
    )
    domain: str = pa.Field(nullable=True, description="Domain(s): Language, Vision, ...")
    model_accessibility: str = pa.Field(nullable=True, description="Open weights, API access, ...")
    confidence: str = pa.Field(
        isin=["Confident", "Likely", "Speculative", "Unknown"],
        description="Epoch's confidence in the training compute estimate",
    )
    parameters: float = pa.Field(nullable=True, ge=0, le=1e15, description="Parameters (count)")
    training_compute_flop: float = pa.Field(
        nullable=True, ge=0, le=1e30, description="Training compute, FLOP"
    )
    training_compute_estimation_method: str = pa.Field(
        nullable=True,
        description="How Epoch estimated the compute (Hardware, Operation counting, ...)",
    )
    training_time_hours: float = pa.Field(
        nullable=True, ge=0, le=100_000, description="Training duration, hours"
    )
    training_hardware: str = pa.Field(nullable=True, description="Training chips, comma-separated")
    hardware_quantity: int = pa.Field(
        nullable=True, ge=1, le=10_000_000, description="Number of training chips (count)"
    )
    hardware_utilization_mfu_frac: float = pa.Field(
        nullable=True, ge=0, le=1, description="Model FLOP utilisation, fraction 0-1"
    )
    training_chip_hours: float = pa.Field(
        nullable=True, ge=0, le=1e10, description="Chip-hours of training (chips x hours)"
    )
    power_per_chip_w: str = pa.Field(
        nullable=True,
        str_matches=r"^\d+(\.\d+)?(,\d+(\.\d+)?)*$",
        description="Power per training chip, W, as Epoch writes it: text, comma-separated "
        "when several chip types were used ('244,250')",
    )
    training_power_draw_w: float = pa.Field(
        nullable=True,
        gt=0,
        le=1e10,
        description="Epoch's estimate of the training cluster's power draw, W (a power, not "
        "energy). About twice hardware_quantity x power_per_chip_w in this file: it counts more "
        "than the chips",
    )
    training_compute_cost_2023_usd: float = pa.Field(
        nullable=True, ge=0, le=1e11, description="Training compute cost, 2023 US dollars"
    )
    training_data_center: str = pa.Field(nullable=True, description="Training data centre (text)")
    training_cloud_vendor: str = pa.Field(nullable=True, description="Cloud vendor used to train")

    class Config:
        strict = True
        unique = ["model"]

    @pa.dataframe_check(
        error="unknown country in country_of_organization (ISO 3166 or epoch alias)"
    )
    def countries_are_known(cls, data: PolarsData) -> pl.LazyFrame:
        names = pl.col("country_of_organization").str.split(",")
        known = names.list.eval(pl.element().str.strip_chars().is_in(country_names())).list.all()
        return data.lazyframe.select(pl.col("country_of_organization").is_null() | known)
