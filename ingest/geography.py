"""Geography codes known to the warehouse, read from the dbt seeds so that ingest checks and
dbt models agree on one list."""

import csv
from functools import cache

from ingest.paths import SEEDS_DIR


def _rows(name: str) -> list[dict]:
    with (SEEDS_DIR / name).open(newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (and XKX for Kosovo)."""
    return frozenset(
        r["geography_code"]
        for r in _rows("geography_iso3166.csv")
        if r["geography_type"] == "country"
    )


@cache
def iso2_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (Electricity Maps zones and cloud regions use them)."""
    return frozenset(
        r["iso2_code"] for r in _rows("geography_iso3166.csv") if r["geography_type"] == "country"
    )


@cache
def aliases(publisher: str) -> dict[str, str]:
    """A publisher's names for aggregates and regions -> geography_code."""
    return {
        r["alias"]: r["geography_code"]
        for r in _rows("geography_aliases.csv")
        if r["publisher"] == publisher
    }


@cache
def subdivision_names(iso2: str) -> frozenset[str]:
    """ISO 3166-2 subdivision names of one country, e.g. 'Virginia' for US."""
    return frozenset(
        r["geography_name"]
        for r in _rows("geography_iso3166.csv")
        if r["geography_type"] == "subdivision" and r["geography_code"].startswith(f"{iso2}-")
    )


@cache
def members(group_code: str) -> frozenset[str]:
    """Members of a treaty aggregate (EU27, G20, ...) from the memberships seed."""
    return frozenset(
        r["member_code"]
        for r in _rows("geography_memberships.csv")
        if r["group_code"] == group_code
    )
