"""EIA API v2, route electricity/electric-power-operational-data: yearly net generation by
state and fuel, all sectors. A live source (no pinned vintage, see ingest.registry.Live):
`snapshot` pages through the API (offset/length, 5,000 rows at most per answer) with the
retries and timeouts of ingest.fetch, writes the rows it got as one JSON snapshot, and the
snapshot then lands like any file. The API key travels only in the request URLs: it is
never written to a file, an error or a log (errors quote the URL with the key masked)."""

import json
import logging
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote_plus, urlencode

import pandera.polars as pa
import polars as pl

from ingest import fetch
from ingest.errors import IngestError
from ingest.readers import check_columns, read_json
from ingest.registry import Source, SourceFile

SOURCE = "eia_api"
PAGE_LENGTH = 5000  # the API's maximum rows per JSON answer
PAGE_MAX_BYTES = 64 * 1024**2
MAX_PAGES = 1000
# The 50 states and D.C. (USPS codes, which EIA uses as location)
# fmt: off
STATES = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY",
]
# fmt: on
LOCATIONS = [*STATES, "US"]
FUEL_TYPES = {  # EIA-923 fuel groups of the route (fueltypeid)
    "ALL": "all fuels",
    "COW": "all coal products",
    "PET": "petroleum",
    "NG": "natural gas",
    "OOG": "other gases",
    "NUC": "nuclear",
    "HYC": "conventional hydroelectric",
    "HPS": "hydro-electric pumped storage",
    "WND": "wind",
    "SUN": "solar (utility-scale)",
    "GEO": "geothermal",
    "BIO": "biomass",
    "OTH": "other",
}
ALL_SECTORS = "99"
FIRST_YEAR = 2001
API_COLUMNS = [
    "period",
    "location",
    "stateDescription",
    "sectorid",
    "sectorDescription",
    "fueltypeid",
    "fuelTypeDescription",
    "generation",
    "generation-units",
]
QUERY = [  # everything but offset, length and the key; sorted so pages do not overlap
    ("frequency", "annual"),
    ("data[0]", "generation"),
    ("facets[sectorid][]", ALL_SECTORS),
    *[("facets[location][]", code) for code in LOCATIONS],
    *[("facets[fueltypeid][]", code) for code in FUEL_TYPES],
    ("start", str(FIRST_YEAR)),
    *[
        pair
        for i, column in enumerate(["period", "location", "fueltypeid"])
        for pair in ((f"sort[{i}][column]", column), (f"sort[{i}][direction]", "asc"))
    ],
]


def snapshot(source: Source, key: str, dest_dir: Path) -> dict[str, Path]:
    """Fetch every page, check the count against the API's total, write the snapshot."""
    (name, file), *others = source.files.items()
    if others:
        raise IngestError(SOURCE, "one snapshot file expected", file=name)
    with _masked(key), _quiet_http_logs():
        rows, total = _fetch_all(source, file, key)
    doc = {"url": file.url, "query": QUERY, "total": total, "data": rows}
    dest = dest_dir / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{name}.tmp-{os.getpid()}")
    try:  # sorted keys, no timestamp: the same answer gives the same bytes (and no re-land)
        tmp.write_text(json.dumps(doc, sort_keys=True, separators=(",", ":")))
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return {name: dest}


def _fetch_all(source: Source, file: SourceFile, key: str) -> tuple[list[dict], int]:
    rows: list[dict] = []
    total = None
    for _ in range(MAX_PAGES):
        page_total, data = _page(source, file, key, offset=len(rows))
        if total is not None and page_total != total:
            raise IngestError(
                SOURCE,
                f"the API's total changed from {total} to {page_total} between pages "
                "(data updated during the fetch?): try again",
                file=file.name,
            )
        total = page_total
        rows += data
        if len(rows) >= total or not data:
            break
    if len(rows) != total:
        raise IngestError(
            SOURCE, f"the API returned {len(rows)} rows, its total says {total}", file=file.name
        )
    return rows, total


def _page(source: Source, file: SourceFile, key: str, offset: int) -> tuple[int, list[dict]]:
    query = [*QUERY, ("offset", str(offset)), ("length", str(PAGE_LENGTH)), ("api_key", key)]
    url = f"{file.url}?{urlencode(query)}"
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "page.json"
        try:
            fetch.download(source, file, url, path, max_bytes=PAGE_MAX_BYTES)
        except IngestError as exc:  # quote the page, not its 60 query parameters (nor the key)
            short = f"{file.url}?...&offset={offset}&api_key=***"
            raise IngestError(SOURCE, exc.detail.replace(url, short), file=file.name) from None
        doc = read_json(path, SOURCE, dict)
    response = doc.get("response")
    data = response.get("data") if isinstance(response, dict) else None
    total = response.get("total") if isinstance(response, dict) else None
    if not isinstance(data, list) or not str(total).isdigit():
        raise IngestError(
            SOURCE,
            f"unexpected answer at offset {offset}: no response.data list and response.total "
            f"(top-level keys: {sorted(doc)})",
            file=file.name,
        )
    return int(str(total)), data


@contextmanager
def _masked(key: str):
    """Any error raised inside (they quote the URL) comes out with the key replaced by ***."""
    try:
        yield
    except IngestError as exc:
        detail, file = _mask(exc.detail, key), exc.file
    except Exception as exc:  # an HTTP client's own error, say
        detail, file = _mask(f"{type(exc).__name__}: {exc}", key), None
    else:
        return
    raise IngestError(SOURCE, detail, file=file) from None


def _mask(text: str, key: str) -> str:
    for form in {key, quote_plus(key)}:
        text = text.replace(form, "***")
    return text


@contextmanager
def _quiet_http_logs():
    """httpx logs each request's URL (key included) at INFO: hold its loggers at WARNING."""
    loggers = [logging.getLogger(name) for name in ("httpx", "httpcore")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def parse_state_generation_yearly(path: Path) -> pl.DataFrame:
    doc = read_json(path, SOURCE, dict)
    if not isinstance(doc.get("data"), list):
        raise IngestError(SOURCE, "snapshot without a data list", file=path.name)
    if not doc["data"]:
        return pl.DataFrame()  # the land step reports "no data rows"
    frame = pl.from_dicts(doc["data"], infer_schema_length=None)
    check_columns(frame.columns, API_COLUMNS, SOURCE, path.name)
    return frame.select(
        pl.col("period").cast(pl.String).alias("year"),
        pl.col("location").cast(pl.String).alias("state_code"),
        pl.col("stateDescription").cast(pl.String).alias("state_name"),
        pl.col("sectorid").cast(pl.String).alias("sector_id"),
        pl.col("sectorDescription").cast(pl.String).alias("sector_name"),
        pl.col("fueltypeid").cast(pl.String).alias("fuel_type_id"),
        pl.col("fuelTypeDescription").cast(pl.String).alias("fuel_type_name"),
        pl.col("generation").cast(pl.String).alias("net_generation_gwh"),
        pl.col("generation-units").cast(pl.String).alias("unit"),
    )


class StateGenerationYearly(pa.DataFrameModel):
    year: int = pa.Field(ge=FIRST_YEAR, le=2100, description="Calendar year")
    state_code: str = pa.Field(
        isin=LOCATIONS,
        description="USPS code of the state or D.C. (ISO 3166-2 without 'US-'); US is the "
        "national total (exclude it before summing states)",
    )
    state_name: str = pa.Field(description="EIA's name of the state")
    sector_id: str = pa.Field(isin=[ALL_SECTORS], description="EIA sector: 99 = all sectors")
    sector_name: str = pa.Field(description="EIA's name of the sector")
    fuel_type_id: str = pa.Field(
        isin=list(FUEL_TYPES),
        description="EIA fuel group: ALL all fuels, COW coal, PET petroleum, NG natural gas, "
        "OOG other gases, NUC nuclear, HYC conventional hydro, HPS pumped storage, WND wind, "
        "SUN utility-scale solar, GEO geothermal, BIO biomass, OTH other",
    )
    fuel_type_name: str = pa.Field(description="EIA's name of the fuel group")
    net_generation_gwh: float = pa.Field(
        ge=-10_000,  # pumped storage and plants' own use make net generation negative
        le=5_000_000,
        nullable=True,  # the API leaves a value empty where EIA withholds it
        description="Utility-scale net generation in the year, GWh (EIA: thousand megawatthours)",
    )
    unit: str = pa.Field(
        isin=["thousand megawatthours"],
        description="Unit as the API gives it (thousand megawatthours = GWh)",
    )

    class Config:
        strict = True
        unique = ["year", "state_code", "sector_id", "fuel_type_id"]
