"""Parse, type, validate and land one raw table, or change nothing.

Every row that goes in comes out either in data/raw/<source>/<table>.parquet or in
data/rejects/<source>/<table>.parquet with the reason. Structural problems (a column missing,
renamed or added, a unit that moved by orders of magnitude) reject the whole file; value
problems quarantine the rows. If more rows are quarantined than the table allows
(`max_rejected_frac` in the registry, 0 unless a dated note says why), the table fails and
the previously landed files stay exactly as they were.
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pandera.polars as pa
import polars as pl

from ingest.errors import IngestError, is_disk_full
from ingest.fetch import provenance
from ingest.manifests import (
    LandResult,
    landed_fault,
    landed_stamp,
    manifest_path,
    parquet_path,
    read_manifest,
    rejects_path,
)
from ingest.paths import raw_dir
from ingest.registry import Source, Table

FILE_COL, ROW_COL = "__file", "__row"  # provenance of each parsed row, for error messages
KNOWN_CHECK = r"(?s)^known\(values=.*, what=(.*)\)$"  # ingest.checks.known, without its list
UNIT_SLIP_FACTOR = 10.0  # median new/old ratio beyond which a column's unit has moved
SHOW = 5  # failing rows quoted per check in an error message


def land(source: Source, table: Table, paths: dict[str, Path]) -> LandResult:
    """Parse the table's files, validate, and land it atomically (or raise IngestError)."""
    parsed = _parse(source, table, paths)
    schema = table.schema_model().to_schema()
    typed, cast_failures = _cast(parsed, schema)
    failures = pl.concat([cast_failures, _validate(source, typed, schema)], how="vertical")
    bad_rows = failures.select(FILE_COL, ROW_COL).unique()
    rows_in = parsed.height
    if bad_rows.height > table.max_rejected_frac * rows_in:
        raise _row_error(source, table, failures, bad_rows.height, rows_in)
    good = typed.join(bad_rows, on=[FILE_COL, ROW_COL], how="anti")
    landed = good.select(list(schema.columns))
    _check_unit_slip(source, table, landed, schema)
    rejects = _rejects_frame(table, parsed, failures)
    _write(source, table, paths, landed, rejects, rows_in)
    return LandResult(table, "landed", rows_in, landed.height, bad_rows.height)


def _parse(source: Source, table: Table, paths: dict[str, Path]) -> pl.DataFrame:
    parse = table.parse_fn()
    frames = []
    for name in table.files:
        try:
            frame = parse(paths[name])
        except IngestError:
            raise
        except UnicodeDecodeError as exc:
            raise IngestError(source.id, f"not UTF-8 text: {exc}", file=name) from exc
        except Exception as exc:  # a reader's own error: say where it happened
            raise IngestError(
                source.id, f"cannot parse: {type(exc).__name__}: {exc}", file=name
            ) from exc
        if frame.height == 0:
            raise IngestError(source.id, "no data rows", file=name)
        if ROW_COL not in frame.columns:
            frame = frame.with_row_index(ROW_COL, offset=1)
        frames.append(
            frame.with_columns(pl.lit(name).alias(FILE_COL), pl.col(ROW_COL).cast(pl.Int64))
        )
    return pl.concat(frames, how="vertical")


def _cast(df: pl.DataFrame, schema: pa.DataFrameSchema) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cast parsed columns to the schema's types; a value that does not cast is a failure."""
    exprs, failed = [], []
    for name, column in schema.columns.items():
        if name not in df.columns:
            continue  # pandera reports the missing column with the other structural problems
        target = column.dtype.type
        if df.schema[name] == target:
            continue
        source = pl.col(name)
        cast = _cast_expr(source, df.schema[name], target)
        exprs.append(cast.alias(name))
        failed.append(
            df.filter(source.is_not_null() & cast.is_null()).select(
                FILE_COL,
                ROW_COL,
                pl.lit(name).alias("column"),
                pl.lit(f"cast to {target}").alias("check"),
                source.cast(pl.String).alias("value"),
            )
        )
    return df.with_columns(exprs), pl.concat([_empty_failures(), *failed], how="vertical")


def _cast_expr(col: pl.Expr, current, target) -> pl.Expr:
    """Lenient cast (failures become null and are reported by the caller)."""
    if current != pl.String:
        return col.cast(target, strict=False)
    text = col.str.strip_chars()
    if target == pl.Boolean:
        return text.str.to_lowercase().replace_strict(
            {"1": True, "1.0": True, "true": True, "0": False, "0.0": False, "false": False},
            default=None,
            return_dtype=pl.Boolean,
        )
    if target == pl.Date:
        return text.str.to_date(strict=False)
    if isinstance(target, pl.Datetime) or target == pl.Datetime:
        return text.str.to_datetime(strict=False, time_zone="UTC")
    if target.is_integer():  # publishers write whole numbers as "2023" or "2023.0"
        as_float = text.cast(pl.Float64, strict=False)
        return pl.when(as_float == as_float.round()).then(as_float).cast(target, strict=False)
    return text.cast(target, strict=False)


def _validate(source: Source, df: pl.DataFrame, schema: pa.DataFrameSchema) -> pl.DataFrame:
    """Run the pandera schema on every row; raise on structural failures, return row failures."""
    try:
        schema.validate(df.drop(FILE_COL, ROW_COL), lazy=True)
        return _empty_failures()
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    structural = cases.filter(pl.col("index").is_null())
    if structural.height:
        files = ", ".join(df[FILE_COL].unique(maintain_order=True).to_list())
        lines = [
            f"{r['column']}: {r['check']} ({r['failure_case']})"
            for r in structural.iter_rows(named=True)
        ]
        raise IngestError(
            source.id,
            "the file's structure changed: " + "; ".join(lines),
            file=files,
            column=structural["column"][0],
        )
    positions = df.select(FILE_COL, ROW_COL).with_row_index("index")
    key = ", ".join(schema.unique or [])
    duplicate = pl.col("check") == "multiple_fields_uniqueness"
    return (
        cases.with_columns(pl.col("index").cast(pl.UInt32))
        .join(positions, on="index")
        .select(
            FILE_COL,
            ROW_COL,
            pl.when(duplicate).then(pl.lit(key)).otherwise("column").alias("column"),
            pl.when(duplicate)
            .then(pl.lit("duplicate key"))
            .otherwise(pl.col("check").str.replace(KNOWN_CHECK, "not a known $1"))
            .alias("check"),
            pl.col("failure_case").alias("value"),
        )
    )


def _empty_failures() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            FILE_COL: pl.String,
            ROW_COL: pl.Int64,
            "column": pl.String,
            "check": pl.String,
            "value": pl.String,
        }
    )


def _row_error(source, table, failures, n_bad, rows_in) -> IngestError:
    groups = failures.group_by("column", "check", maintain_order=True).agg(
        pl.col(FILE_COL).first(),
        pl.col(ROW_COL).head(SHOW),
        pl.col("value").head(SHOW),
        pl.len().alias("n"),
    )
    lines = [
        f"column {g['column']}: {g['check']} failed on {g['n']} rows "
        f"(file {g[FILE_COL]}, rows {', '.join(map(str, g[ROW_COL]))}; values {g['value']})"
        for g in groups.iter_rows(named=True)
    ]
    first = groups.row(0, named=True)
    allowed = f"{table.max_rejected_frac:.1%}"
    return IngestError(
        source.id,
        f"{n_bad} of {rows_in} rows fail validation (allowed: {allowed}); nothing landed. "
        + " | ".join(lines),
        file=first[FILE_COL],
        column=first["column"],
        rows=first[ROW_COL],
    )


def _check_unit_slip(source, table, new: pl.DataFrame, schema: pa.DataFrameSchema) -> None:
    """Compare with the previous landing on the table's key: a column whose values moved by a
    factor of ten or more at the median has changed unit (GWh to TWh, say), not revised."""
    previous = parquet_path(table)
    key = list(schema.unique or [])
    manifest = read_manifest(table) or {}
    recorded = manifest.get("landed_files")  # older manifests recorded no checksums
    if not key or not previous.is_file() or (recorded and landed_fault(manifest)):
        return  # nothing landed before, or it rotted: nothing trustworthy to compare with
    old = pl.read_parquet(previous)
    numeric = [
        n
        for n, c in schema.columns.items()
        if n not in key
        and c.dtype.type in (pl.Float64, pl.Float32)
        and n in old.columns
        and old.schema[n] == new.schema[n]
    ]
    if not numeric or not set(key) <= set(old.columns):
        return
    joined = new.select(*key, *numeric).join(old.select(*key, *numeric), on=key, suffix="__old")
    for name in numeric:
        ratio = joined.select((pl.col(name) / pl.col(f"{name}__old")).abs().alias("r")).filter(
            pl.col("r").is_finite() & (pl.col("r") > 0)
        )["r"]
        if ratio.len() < 3:
            continue
        median = ratio.median()
        if median >= UNIT_SLIP_FACTOR or median <= 1 / UNIT_SLIP_FACTOR:
            raise IngestError(
                source.id,
                f"values are {median:,.4g} times those landed before (median over {ratio.len()} "
                "matching rows): did the unit change? Nothing landed.",
                file=", ".join(table.files),
                column=name,
            )


def _rejects_frame(table: Table, parsed: pl.DataFrame, failures: pl.DataFrame) -> pl.DataFrame:
    """One row per rejected input row: why, and the row itself as JSON, so nothing is lost."""
    reasons = failures.group_by(FILE_COL, ROW_COL).agg(
        pl.concat_str(
            [
                pl.col("column"),
                pl.lit(": "),
                pl.col("check"),
                pl.lit(" ("),
                pl.col("value").fill_null("null"),
                pl.lit(")"),
            ]
        )
        .str.join("; ")
        .alias("reason")
    )
    payload = parsed.drop(FILE_COL, ROW_COL).select(
        pl.struct(pl.all().cast(pl.String)).struct.json_encode().alias("record")
    )
    rows = parsed.select(FILE_COL, ROW_COL).with_columns(payload)
    return (
        reasons.join(rows, on=[FILE_COL, ROW_COL])
        .select(
            pl.lit(table.qualified_name).alias("source_id"),
            pl.col(FILE_COL).alias("file"),
            pl.col(ROW_COL).alias("row"),
            "reason",
            "record",
        )
        .sort("file", "row")
    )


def _write(source, table, paths, landed, rejects, rows_in) -> None:
    """Write the Parquet files and then their manifest to temporaries, then rename them into
    place: readers see old or new. The manifest vouches for the files beside it with their
    sha256, size and modification time (a rename keeps them), so a file that rots later is
    found before dbt reads it. A full disk fails this table only, naming it and the folder."""
    staged: list[tuple[Path, Path]] = []

    def stage(final: Path, write) -> Path:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
        staged.append((tmp, final))
        write(tmp)
        return tmp

    try:
        files = [
            (parquet_path(table), lambda p: landed.write_parquet(p, statistics=True)),
            (rejects_path(table), lambda p: rejects.write_parquet(p)),
        ]
        stamps = [landed_stamp(stage(final, write), final) for final, write in files]
        manifest = _manifest(source, table, paths, landed, rejects, rows_in, stamps)
        text = json.dumps(manifest, indent=2) + "\n"
        stage(manifest_path(table), lambda p: p.write_text(text))
        for tmp, final in staged:  # manifest last: it vouches for the Parquet beside it
            os.replace(tmp, final)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        folder = staged[-1][1].parent if staged else raw_dir()
        raise IngestError(
            source.id,
            f"the disk is full: cannot write {table.qualified_name} in {folder}. Free some "
            "space and run the build again; previously landed data is unchanged.",
            file=", ".join(table.files),
        ) from exc
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def _manifest(source, table, paths, landed, rejects, rows_in, stamps) -> dict:
    files = [provenance(source, source.files[n], paths[n]) for n in table.files]
    return {
        "source_id": table.qualified_name,
        "source_name": source.id,
        "table_name": table.name,
        "family": source.family,
        "publisher": source.publisher,
        "title": f"{source.title}: {table.name}",
        "description": table.description,
        "licence": source.licence,
        "homepage": source.homepage,
        "url": source.files[table.files[0]].url if len(table.files) == 1 else source.homepage,
        "vintage": source.vintage,
        "caveats": source.caveats,
        "files": files,
        "file_sha256s": "; ".join(f"{n}={source.files[n].sha256}" for n in table.files),
        # the latest download's time; None when every file was read in place (mirror, repo)
        "retrieved_at": max((f["retrieved_at"] for f in files if f["retrieved_at"]), default=None),
        "stale_since": None,  # set by a KEEP_GOING build whose refresh of this table failed
        "stale_reason": None,
        "landed_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "rows_in": rows_in,
        "rows_landed": landed.height,
        "rows_rejected": rejects.height,
        "columns": [{"name": n, "dtype": str(t)} for n, t in landed.schema.items()],
        "fingerprint": source.fingerprint(table),
        "parquet": str(parquet_path(table).relative_to(raw_dir())),
        "landed_files": stamps,
    }
