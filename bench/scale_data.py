"""EIA-930-shaped hourly demand at k times the mirror's volume, for the scale benchmark.

The mirror holds Ruggles & Farnham's cleaned EIA-930 demand for 8 regions, 2020-2024
(350,784 rows). k times that is the 8 real files plus synthetic balancing authorities, each
a real authority's series (PJM-DOM, SOCO, TVA, DUK in turn) scaled to another size, grown 1 %
a year and jittered 1 %, from July 2015 (when EIA-930 starts) to the end of 2024, in the same
CSV layout with the same screening categories. Values are plausible, not real: use them for
timing only. Files are written once per k and kept (target/bench/scale/<k>x/mirror); a
change of this module or of the mirror's files writes them again.
"""

import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl

SOURCE_ID = "eia930_ruggles"
MIRROR_DIR = "eia930_cleaned_demand_ruggles"
TEMPLATES = ["PJM-DOM", "SOCO", "TVA", "DUK"]  # authorities (with screening categories)
BA_LIST = "balancing_authority_acronyms.csv"
RAW, CLEANED, CATEGORY = "raw demand (MW)", "cleaned demand (MW)", "category"
FIRST_HOUR_ENDING = datetime(2015, 7, 1, 1)  # EIA-930's first hour, stamped at its end
LAST_HOUR_ENDING = datetime(2025, 1, 1, 0)
SEED = 930


def scale_dir(bench_dir: Path, k: int) -> Path:
    return bench_dir / "scale" / f"{k}x"


def write_scale_mirror(mirror: Path, bench_dir: Path, k: int) -> dict[str, dict]:
    """The EIA-930 files at k times the mirror's rows in <scale dir>/mirror/<MIRROR_DIR>;
    returns each file's pin {name: {sha256, bytes}} (the real files first). Cached."""
    source = mirror / MIRROR_DIR
    out = scale_dir(bench_dir, k) / "mirror" / MIRROR_DIR
    stamp = out / ".generated.json"
    key = _cache_key(source, k)
    if stamp.is_file() and (done := json.loads(stamp.read_text()))["key"] == key:
        return done["files"]
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    real = sorted(p for p in source.glob("*.csv") if p.name != BA_LIST)
    for path in [*real, source / BA_LIST]:
        shutil.copy(path, out / path.name)
    base_rows = sum(_data_rows(p) for p in real)
    names = [p.stem for p in real]
    for name, frame in _synthetic(source, base_rows * (k - 1), _region_names(source, names)):
        frame.write_csv(out / f"{name}.csv")
        names.append(name)
    files = {f"{n}.csv": _pin(out / f"{n}.csv") for n in names}
    files[BA_LIST] = _pin(out / BA_LIST)
    stamp.write_text(json.dumps({"key": key, "rows": base_rows * k, "files": files}, indent=1))
    return files


def _synthetic(source: Path, rows: int, names: list[str]):
    """(region, frame) pairs holding `rows` rows between them: whole series of 83,328 hours,
    the last one shorter (it starts later)."""
    hours = pl.datetime_range(FIRST_HOUR_ENDING, LAST_HOUR_ENDING, interval="1h", eager=True).alias(
        "date_time"
    )
    templates = [pl.read_csv(source / f"{t}.csv", infer_schema=False) for t in TEMPLATES]
    rng = np.random.default_rng(SEED)
    for i, name in enumerate(names):
        if rows <= 0:
            return
        n = min(rows, hours.len())
        rows -= n
        yield name, _series(hours.tail(n), templates[i % len(templates)], rng)


def _series(hours: pl.Series, template: pl.DataFrame, rng) -> pl.DataFrame:
    """The template's hours laid over `hours` (its 5 years repeat, aligned on 2020), scaled."""
    start = template["date_time"].str.to_datetime("%Y-%m-%d %H:%M:%S")[0]
    offset = ((hours - start).dt.total_hours() % template.height).to_numpy()
    picked = template[offset]
    size = np.exp(rng.uniform(np.log(0.05), np.log(2.0)))  # 0.5 to 90 GW peaks
    growth = 1 + 0.01 * (hours.dt.year().to_numpy() - 2020)
    factor = size * growth * rng.normal(1, 0.01, hours.len())
    cleaned = np.maximum(1, np.round(picked[CLEANED].cast(pl.Float64).to_numpy() * factor))
    raw = np.round(picked[RAW].cast(pl.Float64, strict=False).to_numpy() * factor)
    as_text = pl.col("x").fill_nan(None).cast(pl.Int64).cast(pl.String)
    return pl.DataFrame({"x": raw, "cleaned": cleaned, "picked": picked[RAW]}).select(
        hours.dt.strftime("%Y-%m-%d %H:%M:%S"),
        # OKAY hours keep raw = cleaned; MISSING / EMPTY tokens stay as the template has them
        pl.when(pl.lit(picked[CATEGORY]) == "OKAY")
        .then(pl.col("cleaned").cast(pl.Int64).cast(pl.String))
        .otherwise(as_text.fill_null(pl.col("picked")))
        .alias(RAW),
        pl.lit(picked[CATEGORY]).alias(CATEGORY),
        pl.col("cleaned").cast(pl.Int64).alias(CLEANED),
    )


def _region_names(source: Path, taken: list[str]) -> list[str]:
    """EIA's other balancing-authority codes, then sub-regions of each (AECI-01, ...)."""
    codes = pl.read_csv(source / BA_LIST, skip_rows=1)["Code"].to_list()
    codes = [c for c in codes if c not in taken]
    return codes + [f"{c}-{n:02d}" for n in range(1, 100) for c in codes]


def _data_rows(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh) - 1


def _pin(path: Path) -> dict:
    with path.open("rb") as fh:
        sha = hashlib.file_digest(fh, "sha256").hexdigest()
    return {"sha256": sha, "bytes": path.stat().st_size}


def _cache_key(source: Path, k: int) -> str:
    digest = hashlib.sha256(f"{k}\0".encode() + Path(__file__).read_bytes())
    for path in sorted(source.glob("*.csv")):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()
