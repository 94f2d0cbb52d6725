"""IRENA's Renewable Capacity Statistics (IRENASTAT extract): installed electricity capacity by
country, technology and producer type, renewable and non-renewable.

The figures are year-end STOCKS in MW. Additions are the difference between two years, net of
retirements; nothing here is a gross addition."""

from functools import cache
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pycountry
from pandera.polars import PolarsData

import ingest.checks  # noqa: F401 (registers the `known` check)
from ingest.geography import country_codes
from ingest.land import ROW_COL
from ingest.readers import check_columns, read_xlsx_sheet

SOURCE = "irena"
SHEET = "Country"
CAPACITY = "Electricity Installed Capacity (MW)"
EXACT = "__capacity_as_number"
COLUMNS = {  # IRENA's header -> warehouse name
    "Region": "region",
    "Sub-region": "sub_region",
    "Country": "country",
    "ISO3 code": "country_code",
    "M49 code": "m49_code",
    "RE or Non-RE": "re_or_non_re",
    "Group Technology": "technology_group",
    "Technology": "technology",
    "Sub-Technology": "sub_technology",
    "Producer Type": "producer_type",
    "Year": "year",
    CAPACITY: "installed_capacity_mw",
}
REGIONS = {
    "Africa": ["Northern Africa", "Sub-Saharan Africa"],
    "Americas": ["Latin America and the Caribbean", "Northern America"],
    "Asia": ["Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia"],
    "Europe": ["Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"],
    "Oceania": ["Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"],
}
RENEWABLE, NON_RENEWABLE = "Total Renewable", "Total Non-Renewable"
# IRENA's technology tree: (RE or Non-RE, group technology) -> technology -> sub-technologies.
TECHNOLOGIES = {
    (NON_RENEWABLE, "Fossil fuels"): {
        "Coal and peat": ["Coal and peat"],
        "Fossil fuels n.e.s.": ["Fossil fuels n.e.s."],
        "Natural gas": ["Natural gas"],
        "Oil": ["Oil"],
    },
    (NON_RENEWABLE, "Nuclear"): {"Nuclear": ["Nuclear"]},
    (NON_RENEWABLE, "Other non-renewable energy"): {
        "Other non-renewable energy": ["Other non-renewable energy"]
    },
    (NON_RENEWABLE, "Pumped storage"): {"Pumped storage": ["Pumped storage"]},
    (RENEWABLE, "Bioenergy"): {
        "Biogas": [
            "Biogas n.e.s.",
            "Biogases from thermal processes",
            "Landfill gas",
            "Other biogases from anaerobic fermentation",
            "Sewage sludge gas",
        ],
        "Liquid biofuels": [
            "Advanced biogasoline",
            "Conventional biodiesel",
            "Conventional biogasoline",
            "Other liquid biofuels",
        ],
        "Renewable municipal waste": ["Renewable municipal waste"],
        "Solid biofuels": [
            "Animal waste",
            "Bagasse",
            "Biomass pellets and briquettes",
            "Black liquor",
            "Energy crops",
            "Other primary solid biofuels n.e.s.",
            "Other vegetal and agricultural waste",
            "Renewable industrial waste",
            "Rice husks",
            "Straw",
            "Wood fuel",
            "Wood waste",
        ],
    },
    (RENEWABLE, "Geothermal energy"): {"Geothermal energy": ["Geothermal energy"]},
    (RENEWABLE, "Hydropower (excl. Pumped Storage)"): {
        "Mixed Hydro Plants": ["Mixed Hydro Plants"],
        "Renewable hydropower": ["Renewable hydropower"],
    },
    (RENEWABLE, "Marine energy"): {"Marine energy": ["Marine energy"]},
    (RENEWABLE, "Solar energy"): {
        "Solar photovoltaic": ["Off-grid Solar photovoltaic", "On-grid Solar photovoltaic"],
        "Solar thermal energy": ["Concentrated solar power"],
    },
    (RENEWABLE, "Wind energy"): {
        "Offshore wind energy": ["Offshore wind energy"],
        "Onshore wind energy": ["Onshore wind energy"],
    },
}
TECHNOLOGY_PATHS = [
    f"{re}|{group}|{tech}|{sub}"
    for (re, group), techs in TECHNOLOGIES.items()
    for tech, subs in techs.items()
    for sub in subs
]
# Kosovo (XKX) is the only country outside ISO 3166 (checked in the 2025 extract); IRENA gives
# it M49 code 412, which neither ISO 3166 nor the UN's M49 list assigns.
NON_ISO_M49 = {"XKX": 412}
# The H1-2025 extract reports year-end stocks to 2024. A later vintage that adds 2025 should
# raise this on purpose, when it is re-pinned.
LATEST_YEAR = 2025


@cache
def m49_by_country() -> dict[str, int]:
    """ISO 3166-1 numeric codes, which are the UN M49 codes of countries."""
    return {c.alpha_3: int(c.numeric) for c in pycountry.countries} | NON_ISO_M49


class CapacityCountry(pa.DataFrameModel):
    """Installed capacity at year end, one row per country, technology, producer type and year."""

    region: str = pa.Field(isin=list(REGIONS), description="IRENA's region (continent)")
    sub_region: str = pa.Field(
        isin=[s for subs in REGIONS.values() for s in subs],
        description="IRENA's sub-region (UN M49 sub-regions)",
    )
    country: str = pa.Field(description="IRENA's country name")
    country_code: str = pa.Field(
        known={"values": country_codes(), "what": "ISO 3166-1 alpha-3 code"},
        description="ISO 3166-1 alpha-3 (XKX for Kosovo)",
    )
    m49_code: int = pa.Field(ge=1, le=999, description="UN M49 numeric country code")
    re_or_non_re: str = pa.Field(
        isin=[RENEWABLE, NON_RENEWABLE],
        description="Renewable or not, as IRENA classes the technology",
    )
    technology_group: str = pa.Field(
        isin=sorted({group for _, group in TECHNOLOGIES}),
        description="IRENA's group technology (Solar energy, Fossil fuels, ...)",
    )
    technology: str = pa.Field(
        isin=sorted({t for techs in TECHNOLOGIES.values() for t in techs}),
        description="IRENA's technology (Solar photovoltaic, Natural gas, ...)",
    )
    sub_technology: str = pa.Field(
        known={"values": [p.rsplit("|", 1)[1] for p in TECHNOLOGY_PATHS], "what": "sub-technology"},
        description="IRENA's sub-technology (On-grid Solar photovoltaic, Bagasse, ...)",
    )
    producer_type: str = pa.Field(
        isin=["On-grid electricity", "Off-grid electricity"],
        description="On-grid or off-grid: sum both for a national total",
    )
    year: int = pa.Field(
        ge=2000, le=LATEST_YEAR, description="Calendar year (capacity at year end)"
    )
    # Largest row in the 2025 extract: 1,228,502 MW; the world's total capacity is about 9 TW.
    # 5 TW for one country and technology catches a kW/MW slip.
    installed_capacity_mw: float = pa.Field(
        ge=0,
        le=5_000_000,
        description="Installed electricity generating capacity at year end, MW (a stock, "
        "not additions)",
    )

    @pa.dataframe_check(
        error="technology path unknown: re_or_non_re | technology_group | technology | "
        "sub_technology is not in IRENA's technology tree"
    )
    def technology_path_is_known(cls, data: PolarsData) -> pl.LazyFrame:
        path = pl.concat_str(
            ["re_or_non_re", "technology_group", "technology", "sub_technology"], separator="|"
        )
        return data.lazyframe.select(path.is_in(TECHNOLOGY_PATHS))

    @pa.dataframe_check(error="m49_code is not the M49 code of country_code")
    def m49_matches_country(cls, data: PolarsData) -> pl.LazyFrame:
        expected = pl.col("country_code").replace_strict(
            m49_by_country(), default=None, return_dtype=pl.Int64
        )
        return data.lazyframe.select(expected.eq_missing(pl.col("m49_code")))

    class Config:
        strict = True
        unique = ["country_code", "technology", "sub_technology", "producer_type", "year"]


def parse_capacity_country(path: Path) -> pl.DataFrame:
    """Sheet `Country`, every cell read as text so that a word in a number column is reported
    with its row instead of becoming a silent null (fastexcel nulls what it cannot read as the
    column's type). The capacity is then taken from a numeric read where there is one: its
    text form is rounded to 15 digits, the number itself is what IRENA stored."""
    text = read_xlsx_sheet(path, SOURCE, SHEET, dtypes="string")
    check_columns(text.columns, list(COLUMNS), SOURCE, path.name)
    numbers = read_xlsx_sheet(
        path, SOURCE, SHEET, use_columns=[CAPACITY], dtypes={CAPACITY: "float"}
    )
    exact = pl.col(EXACT)
    return (
        text.select(list(COLUMNS))
        .with_columns(numbers.get_column(CAPACITY).alias(EXACT))
        .with_columns(
            pl.when(exact.is_not_null())
            .then(exact.cast(pl.String))
            .otherwise(CAPACITY)
            .alias(CAPACITY)
        )
        .drop(EXACT)
        .rename(COLUMNS)
        .with_row_index(ROW_COL, offset=2)  # the sheet's own row number; row 1 is the header
    )
