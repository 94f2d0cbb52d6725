"""Parse, type, validate and land one raw table, or change nothing.

Every row that goes in comes out either in data/raw/<source>/<table>.parquet or in
data/rejects/<source>/<table>.parquet with the reason. Structural problems (a column missing,
renamed or added, a unit that moved by orders of magnitude) reject the whole file; value
problems quarantine the rows. If more rows are quarantined than the table allows
(`max_rejected_frac` in the registry, 0 unless a dated note says why), the table fails and
the previously landed files stay exactly as they were.

A table whose files are larger than LARGE_BYTES is landed in batches of about BATCH_ROWS
rows, so memory holds one batch whatever the size of the files (a parser streams a large
file by returning an iterator of frames, see ingest.readers.read_csv_batches). Each batch is
typed, checked by the pandera schema and written on; the key's uniqueness is checked across
all batches. So the schema's dataframe checks of such a table must hold row by row.
"""

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
LARGE_BYTES = 64 * 1024**2  # files larger than this (a table's, or one CSV) go in batches
# rows parsed, typed and checked at a time (1M rows: 100 MiB more at peak, and no faster)
BATCH_ROWS = 500_000


def land(source: Source, table: Table, paths: dict[str, Path]) -> LandResult:
    """Parse the table's files, validate, and land it atomically (or raise IngestError)."""
    schema = table.schema_model().to_schema()
    batched = sum(paths[name].stat().st_size for name in table.files) > LARGE_BYTES
    keys = _Keys(list(schema.unique or [])) if batched else None
    batch_schema = _without_unique(schema) if keys else schema  # _Keys checks the key
    failures, records, rows_in = [_empty_failures()], [], 0
    with _staged(source, table) as stage:
        landed = _ParquetOut(stage(parquet_path(table)))
        for parsed in _batches(source, table, paths, batched):
            typed, cast_failures = _cast(parsed, schema)
            found = pl.concat([cast_failures, _validate(source, typed, batch_schema)])
            if keys:
                keys.add(typed)
            good = typed.join(
                found.select(FILE_COL, ROW_COL).unique(), on=[FILE_COL, ROW_COL], how="anti"
            )
            landed.write(good.select(list(schema.columns)))
            failures.append(found)
            records.append(_records(parsed, found))
            rows_in += parsed.height
            del parsed, typed, good  # before the next batch is parsed
        landed.close()
        if keys and (hashes := keys.duplicated()).len():
            found, found_records, duplicated = _duplicates(source, table, paths, schema, hashes)
            failures.append(found)
            records.append(found_records)
            landed.drop_keys(duplicated)
        failed = pl.concat(failures)
        bad_rows = failed.select(FILE_COL, ROW_COL).unique()
        if bad_rows.height > table.max_rejected_frac * rows_in:
            raise _row_error(source, table, failed, bad_rows.height, rows_in)
        _check_unit_slip(source, table, landed.path, schema)
        rejects = _rejects_frame(table, pl.concat(records), failed)
        rejects.write_parquet(rejected := stage(rejects_path(table)))
        stamps = [
            landed_stamp(landed.path, parquet_path(table)),
            landed_stamp(rejected, rejects_path(table)),
        ]
        manifest = _manifest(source, table, paths, landed, rejects, rows_in, stamps)
        stage(manifest_path(table)).write_text(json.dumps(manifest, indent=2) + "\n")
    return LandResult(table, "landed", rows_in, landed.rows, bad_rows.height)


def _batches(source: Source, table: Table, paths: dict[str, Path], batched: bool):
    """The parsed rows, with the file and line each came from: all in one frame, or (batched)
    in frames of about BATCH_ROWS rows."""
    pending, rows = [], 0
    for frame in _parse(source, table, paths):
        pending.append(frame)
        rows += frame.height
        if batched and rows >= BATCH_ROWS:
            yield pl.concat(pending, how="vertical")
            pending, rows = [], 0
    if pending:
        yield pl.concat(pending, how="vertical")


def _parse(source: Source, table: Table, paths: dict[str, Path]) -> Iterator[pl.DataFrame]:
    """Each file's frames: a parser returns one frame, or an iterator of frames for a file
    too large to hold whole."""
    parse = table.parse_fn()
    for name in table.files:
        rows = 0
        try:
            parsed = parse(paths[name])
            for frame in [parsed] if isinstance(parsed, pl.DataFrame) else parsed:
                if ROW_COL not in frame.columns:
                    frame = frame.with_row_index(ROW_COL, offset=rows + 1)
                rows += frame.height
                yield frame.with_columns(
                    pl.lit(name).alias(FILE_COL), pl.col(ROW_COL).cast(pl.Int64)
                )
        except IngestError:
            raise
        except UnicodeDecodeError as exc:
            raise IngestError(source.id, f"not UTF-8 text: {exc}", file=name) from exc
        except Exception as exc:  # a reader's own error: say where it happened
            raise IngestError(
                source.id, f"cannot parse: {type(exc).__name__}: {exc}", file=name
            ) from exc
        if rows == 0:
            raise IngestError(source.id, "no data rows", file=name)


def _cast(df: pl.DataFrame, schema: pa.DataFrameSchema) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cast parsed columns to the schema's types; a value that does not cast is a failure.
    Each cast is evaluated once: a failure is a value the cast turned into a null."""
    targets = {
        name: column.dtype.type
        for name, column in schema.columns.items()
        # a missing column is for pandera to report with the other structural problems
        if name in df.columns and df.schema[name] != column.dtype.type
    }
    typed = df.with_columns(
        _cast_expr(pl.col(name), df.schema[name], target).alias(name)
        for name, target in targets.items()
    )
    failed = [
        df.filter(df[name].is_not_null() & typed[name].is_null()).select(
            FILE_COL,
            ROW_COL,
            pl.lit(name).alias("column"),
            pl.lit(f"cast to {target}").alias("check"),
            pl.col(name).cast(pl.String).alias("value"),
        )
        for name, target in targets.items()
        if typed[name].null_count() > df[name].null_count()
    ]
    return typed, pl.concat([_empty_failures(), *failed], how="vertical")


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


def _check_unit_slip(source, table, new: Path, schema: pa.DataFrameSchema) -> None:
    """Compare with the previous landing on the table's key: a column whose values moved by a
    factor of ten or more at the median has changed unit (GWh to TWh, say), not revised.
    DuckDB joins the two Parquet files, so neither is held in memory."""
    previous = parquet_path(table)
    key = list(schema.unique or [])
    manifest = read_manifest(table) or {}
    recorded = manifest.get("landed_files")  # older manifests recorded no checksums
    if not key or not previous.is_file() or (recorded and landed_fault(manifest)):
        return  # nothing landed before, or it rotted: nothing trustworthy to compare with
    old, landed = pl.read_parquet_schema(previous), pl.read_parquet_schema(new)
    numeric = [
        n
        for n, c in schema.columns.items()
        if n not in key
        and c.dtype.type in (pl.Float64, pl.Float32)
        and n in old
        and old[n] == landed[n]
    ]
    if not numeric or not set(key) <= set(old):
        return
    ratios = ", ".join(f'abs(new."{n}" / old."{n}") as "{n}"' for n in numeric)
    valid = [f'isfinite("{n}") and "{n}" > 0' for n in numeric]
    medians = ", ".join(f'median("{n}") filter ({v})' for n, v in zip(numeric, valid, strict=True))
    counts = ", ".join(f"count(*) filter ({v})" for v in valid)
    joined = (
        f"select {ratios} from read_parquet($new) new join read_parquet($old) old "
        f"using ({', '.join(f'{chr(34)}{k}{chr(34)}' for k in key)})"
    )
    with _duckdb() as con:
        row = con.execute(
            f"select {medians}, {counts} from ({joined})", {"new": str(new), "old": str(previous)}
        ).fetchone()
    for name, median, matched in zip(numeric, row, row[len(numeric) :], strict=False):
        if matched < 3:
            continue
        if median >= UNIT_SLIP_FACTOR or median <= 1 / UNIT_SLIP_FACTOR:
            raise IngestError(
                source.id,
                f"values are {median:,.4g} times those landed before (median over {matched} "
                "matching rows): did the unit change? Nothing landed.",
                file=", ".join(table.files),
                column=name,
            )


@contextmanager
def _duckdb():
    """An in-memory DuckDB whose joins spill to disk before they outgrow a landing's budget."""
    import tempfile

    import duckdb

    con = duckdb.connect(config={"memory_limit": "1GB", "temp_directory": tempfile.gettempdir()})
    try:
        yield con
    finally:
        con.close()


def _records(parsed: pl.DataFrame, failures: pl.DataFrame) -> pl.DataFrame:
    """The failing rows as parsed, each as JSON, so a rejected row loses nothing."""
    failing = parsed.join(
        failures.select(FILE_COL, ROW_COL).unique(), on=[FILE_COL, ROW_COL], how="semi"
    )
    return failing.select(
        FILE_COL,
        ROW_COL,
        pl.struct(pl.exclude(FILE_COL, ROW_COL).cast(pl.String))
        .struct.json_encode()
        .alias("record"),
    )


def _rejects_frame(table: Table, records: pl.DataFrame, failures: pl.DataFrame) -> pl.DataFrame:
    """One row per rejected input row: why, and the row itself as JSON (_records)."""
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
    return (
        reasons.join(records.unique([FILE_COL, ROW_COL]), on=[FILE_COL, ROW_COL])
        .select(
            pl.lit(table.qualified_name).alias("source_id"),
            pl.col(FILE_COL).alias("file"),
            pl.col(ROW_COL).alias("row"),
            "reason",
            "record",
        )
        .sort("file", "row")
    )


@contextmanager
def _staged(source: Source, table: Table):
    """`stage(final)` names a temporary file beside `final`; when the block ends, each is
    renamed into place in the order staged (the manifest last: it vouches for the Parquet
    beside it), so readers see old or new. On any error they are removed instead. The
    manifest records each file's sha256, size and modification time (a rename keeps them), so
    a file that rots later is found before dbt reads it. A full disk fails this table only,
    naming it and the folder."""
    staged: list[tuple[Path, Path]] = []

    def stage(final: Path) -> Path:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
        staged.append((tmp, final))
        return tmp

    try:
        yield stage
        for tmp, final in staged:
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


class _ParquetOut:
    """The landed rows, written to one Parquet file as they come: a single frame by polars
    (every table but the batched ones), several as row groups through one pyarrow writer."""

    def __init__(self, path: Path):
        self.path, self.rows = path, 0
        self.schema: pl.Schema | None = None  # the first frame's
        self.held: pl.DataFrame | None = None  # the first frame, until a second one comes
        self.writer: Any = None  # a pyarrow ParquetWriter from the second frame on

    def write(self, frame: pl.DataFrame) -> None:
        self.rows += frame.height
        if self.schema is None:
            self.schema, self.held = frame.schema, frame
            return
        if self.writer is None:
            import pyarrow.parquet as pq

            assert self.held is not None  # the first frame, held since it came
            first = self.held.to_arrow()
            self.writer = pq.ParquetWriter(self.path, first.schema, compression="zstd")
            self.writer.write_table(first)
            self.held = None
        self.writer.write_table(frame.to_arrow().cast(self.writer.schema))

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        elif self.held is not None:
            self.held.write_parquet(self.path, statistics=True)
        self.held = None

    def drop_keys(self, keys: pl.DataFrame) -> None:
        """Remove every row with one of these keys (keys found in two batches)."""
        kept = self.path.with_name(f"{self.path.name}.kept")
        pl.scan_parquet(self.path).join(
            keys.unique().lazy(), on=keys.columns, how="anti", nulls_equal=True
        ).sink_parquet(kept)
        os.replace(kept, self.path)
        self.rows = pl.scan_parquet(self.path).select(pl.len()).collect().item()


class _Keys:
    """A batched table's key, one 64-bit hash a row, to find a key in two batches (pandera
    sees one batch at a time). Keys whose hashes repeat are then compared exactly."""

    def __init__(self, key: list[str]):
        self.key, self.hashes = key, list[pl.Series]()

    def add(self, typed: pl.DataFrame) -> None:
        if self.key and set(self.key) <= set(typed.columns):
            self.hashes.append(typed.select(pl.struct(self.key).hash())[:, 0])

    def duplicated(self) -> pl.Series:
        """The hashes that occur more than once (almost always none)."""
        if not self.hashes:
            return pl.Series(dtype=pl.UInt64)
        hashes = pl.concat(self.hashes).sort()  # a repeat is a neighbour
        self.hashes = []
        # sorted, not is_duplicated(): its hash table costs five times the hashes' memory
        return hashes.filter(hashes == hashes.shift(1)).unique()


def _without_unique(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    import copy

    batch_schema = copy.deepcopy(schema)
    batch_schema.unique = None
    return batch_schema


def _duplicates(source, table, paths, schema, hashes: pl.Series):
    """The rows of a batched table whose key occurs twice, found by parsing again (only bad
    input gets here): their failures as pandera reports a repeated key, their records, and
    the repeated keys."""
    key = list(schema.unique)
    found, parsed_records = [], []
    for parsed in _batches(source, table, paths, batched=True):
        typed, _ = _cast(parsed, schema)
        rows = typed.filter(pl.struct(key).hash().is_in(hashes.implode()))
        found.append(rows.select(FILE_COL, ROW_COL, *key))
        parsed_records.append(_records(parsed, rows))
    rows = pl.concat(found).filter(pl.struct(key).is_duplicated())  # hashes may collide
    failures = rows.select(
        FILE_COL,
        ROW_COL,
        pl.lit(", ".join(key)).alias("column"),
        pl.lit("duplicate key").alias("check"),
        pl.struct(key).struct.json_encode().alias("value"),
    )
    records = pl.concat(parsed_records).join(rows, on=[FILE_COL, ROW_COL], how="semi")
    return failures, records, rows.select(key)


def _manifest(source, table, paths, landed: _ParquetOut, rejects, rows_in, stamps) -> dict:
    files = [provenance(source, source.files[n], paths[n]) for n in table.files]
    return {
        "source_id": table.qualified_name,
        "source_name": source.id,
        "table_name": table.name,
        "family": source.family,
        "publisher": source.publisher,
        "title": source.table_title(table),
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
        "rows_landed": landed.rows,
        "rows_rejected": rejects.height,
        "columns": [{"name": n, "dtype": str(t)} for n, t in (landed.schema or {}).items()],
        "fingerprint": source.fingerprint(table),
        "parquet": str(parquet_path(table).relative_to(raw_dir())),
        "landed_files": stamps,
    }
