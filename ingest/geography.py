"""Geography known to the warehouse, read from the dbt seeds so that ingest checks and dbt
models agree on one list. The one reader of the geography seeds: every source module asks
here (each seed is read once per process)."""

import csv
from functools import cache

from ingest.paths import SEEDS_DIR

ISO = "geography_iso3166.csv"


@cache
def _rows(name: str) -> tuple[dict, ...]:
    with (SEEDS_DIR / name).open(newline="") as fh:
        return tuple(csv.DictReader(fh))


def _countries() -> list[dict]:
    return [r for r in _rows(ISO) if r["geography_type"] == "country"]


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (and XKX for Kosovo)."""
    return frozenset(r["geography_code"] for r in _countries())


@cache
def iso2_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (Electricity Maps zones and cloud regions use them)."""
    return frozenset(r["iso2_code"] for r in _countries())


@cache
def country_names() -> frozenset[str]:
    """ISO 3166-1 country names as the ISO seed spells them."""
    return frozenset(r["geography_name"] for r in _countries())


@cache
def place_names(publisher: str) -> frozenset[str]:
    """Names a publisher may give a place: ISO country names and its own (its aliases)."""
    return country_names() | set(aliases(publisher))


@cache
def aliases(publisher: str) -> dict[str, str]:
    """A publisher's names for aggregates and regions -> geography_code."""
    return {
        r["alias"]: r["geography_code"]
        for r in _rows("geography_aliases.csv")
        if r["publisher"] == publisher
    }


@cache
def subdivisions(iso2: str) -> dict[str, str]:
    """ISO 3166-2 code -> name for one country's subdivisions, e.g. US-VA -> Virginia."""
    return {
        r["geography_code"]: r["geography_name"]
        for r in _rows(ISO)
        if r["geography_type"] == "subdivision" and r["geography_code"].startswith(f"{iso2}-")
    }


@cache
def geography_codes() -> frozenset[str]:
    """Every code of dim_geography: ISO countries and subdivisions, aggregates, regions and
    grid regions (balancing authorities, bidding zones)."""
    seeds = (ISO, "geography_aggregates.csv", "geography_grid_regions.csv")
    return frozenset(r["geography_code"] for seed in seeds for r in _rows(seed))


@cache
def members(group_code: str) -> frozenset[str]:
    """Members of a treaty aggregate (EU27, G20, ...) from the memberships seed."""
    return frozenset(
        r["member_code"]
        for r in _rows("geography_memberships.csv")
        if r["group_code"] == group_code
    )
