"""Strict readers for the publishers' formats. Parsers call these so that a changed header,
a missing sheet, a truncated file or bytes that are not UTF-8 fail with the file, column and
line named, instead of turning into silent nulls."""

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from ingest.errors import IngestError
from ingest.land import BATCH_ROWS, LARGE_BYTES, ROW_COL, SHOW

T = TypeVar("T")  # read_json's top-level type

# Files up to this size are read once more, by the csv module, to find rows with fewer fields
# than the header (polars pads them with nulls; about 12 ms a MiB). Rows with more fields
# polars refuses in a file of any size, and then the same reading names them.
RAGGED_SCAN_BYTES = 16 * 1024**2


def read_csv(
    path: Path,
    source_id: str,
    columns: list[str],
    *,
    skip_rows: int = 0,
    encoding: str = "utf8",
    null_values: list[str] | None = None,
    allow_extra: bool = False,
    separator: str = ",",
) -> pl.DataFrame:
    """Every column as text, __row = file line. The header must hold exactly `columns` (any
    order); with allow_extra, further columns are dropped (for publishers who add columns
    often and whose other columns we do not land). A UTF-8 byte-order mark is dropped."""
    with _csv_errors(path, source_id, skip_rows, separator):
        df = pl.read_csv(
            path,
            infer_schema=False,
            skip_rows=skip_rows,
            null_values=null_values,
            encoding=encoding,
            separator=separator,
        )
    check_columns(df.columns, columns, source_id, path.name, allow_extra=allow_extra)
    _check_last_line(path, source_id, len(df.columns), separator)
    if path.stat().st_size <= RAGGED_SCAN_BYTES:
        _check_ragged_rows(path, source_id, skip_rows, separator)
    return df.select(columns).with_row_index(ROW_COL, offset=skip_rows + 2)


def read_csv_batches(
    path: Path,
    source_id: str,
    columns: list[str],
    *,
    skip_rows: int = 0,
    encoding: str = "utf8",
    null_values: list[str] | None = None,
    allow_extra: bool = False,
) -> Iterator[pl.DataFrame]:
    """read_csv for a file of any size: up to LARGE_BYTES the same one frame, a larger file
    streamed in frames of BATCH_ROWS rows by polars' streaming reader (the same parser), so
    that memory never holds the whole file. The same checks, made before the first frame."""
    options: dict[str, Any] = dict(skip_rows=skip_rows, encoding=encoding, null_values=null_values)
    if path.stat().st_size <= LARGE_BYTES or encoding not in ("utf8", "utf8-lossy"):
        yield read_csv(path, source_id, columns, allow_extra=allow_extra, **options)
        return
    scan = pl.scan_csv(path, infer_schema=False, **options)
    with _csv_errors(path, source_id, skip_rows):
        found = scan.collect_schema().names()
    check_columns(found, columns, source_id, path.name, allow_extra=allow_extra)
    _check_last_line(path, source_id, len(found))
    line = skip_rows + 2
    with _csv_errors(path, source_id, skip_rows):
        for frame in scan.select(columns).collect_batches(chunk_size=BATCH_ROWS):
            yield frame.with_row_index(ROW_COL, offset=line)
            line += frame.height


@contextmanager
def _csv_errors(path: Path, source_id: str, skip_rows: int = 0, separator: str = ","):
    """polars' CSV errors as IngestErrors naming the file (and the line, for bad bytes or a
    row with more fields than the header)."""
    try:
        yield
    except pl.exceptions.ComputeError as exc:
        if "utf-8" in str(exc):
            _raise_bad_utf8(path, source_id)
        if "more fields" in str(exc):
            _check_ragged_rows(path, source_id, skip_rows, separator)
        raise IngestError(
            source_id, f"not a well-formed CSV: {exc}".split("\n")[0], file=path.name
        ) from exc


def check_columns(
    found: list[str], expected: list[str], source_id: str, file: str, allow_extra: bool = False
) -> None:
    missing = [c for c in expected if c not in found]
    extra = [] if allow_extra else [c for c in found if c not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing {missing}")
        if extra:
            parts.append(f"unexpected {extra}")
        hint = " (renamed?)" if missing and extra else ""
        raise IngestError(
            source_id,
            f"header changed{hint}: " + "; ".join(parts),
            file=file,
            column=(missing or extra)[0],
        )


def _raise_bad_utf8(path: Path, source_id: str) -> None:
    """Find the first line that is not UTF-8, to say where it is."""
    with path.open("rb") as fh:
        for line_no, line in enumerate(fh, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise IngestError(
                    source_id,
                    f"not UTF-8 text: byte {line[exc.start]:#04x} at "
                    f"position {exc.start} of the line",
                    file=path.name,
                    rows=[line_no],
                ) from exc


def _check_last_line(path: Path, source_id: str, n_columns: int, separator: str = ",") -> None:
    """A file cut off mid-row ends in a short line; polars would pad it with nulls."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 65536))
        tail = fh.read()
    if tail.endswith(b"\n"):
        return
    last = tail.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")
    fields = next(csv.reader(io.StringIO(last), delimiter=separator), [])
    if len(fields) != n_columns:
        raise IngestError(
            source_id,
            f"file is truncated: the last line has {len(fields)} of "
            f"{n_columns} fields and no line end",
            file=path.name,
        )


def _check_ragged_rows(path: Path, source_id: str, skip_rows: int, separator: str = ",") -> None:
    """Rows whose number of fields is not the header's, by the line each starts on."""
    ragged, width = [], None
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        for _ in range(skip_rows):
            fh.readline()
        reader = csv.reader(fh, delimiter=separator)
        line = skip_rows
        for fields in reader:
            start, line = line + 1, skip_rows + reader.line_num
            if width is None:
                width = len(fields)
            elif fields and len(fields) != width:  # polars skips blank lines
                ragged.append((start, len(fields)))
                if len(ragged) == SHOW:
                    break
    if ragged:
        shown = ", ".join(f"line {row}: {n}" for row, n in ragged)
        raise IngestError(
            source_id,
            f"ragged rows: the header has {width} fields, these rows do not ({shown}; "
            "a comma too many or too few, or a quote left open?)",
            file=path.name,
            rows=[row for row, _ in ragged],
        )


def read_json(path: Path, source_id: str, expect: type[T]) -> T:
    """Load JSON and insist on its top-level type (dict or list)."""
    try:
        doc = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(source_id, f"not valid JSON: {exc}", file=path.name) from exc
    if not isinstance(doc, expect):
        raise IngestError(
            source_id,
            f"JSON of the wrong shape: top level is "
            f"{type(doc).__name__}, expected {expect.__name__}",
            file=path.name,
        )
    return doc


def read_xlsx_sheet(path: Path, source_id: str, sheet: str, **kwargs) -> pl.DataFrame:
    """One sheet of a workbook, or a clear error naming the sheets that are there."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as exc:
        raise IngestError(
            source_id, f"not a readable xlsx workbook: {exc}", file=path.name
        ) from exc
    if sheet not in reader.sheet_names:
        raise IngestError(
            source_id, f"sheet {sheet!r} not found; sheets: {reader.sheet_names}", file=path.name
        )
    return reader.load_sheet(sheet, **kwargs).to_polars()


def csv_parser(source_id: str, model, **kwargs):
    """A parser for a plain CSV whose header is exactly the pandera model's columns."""
    columns = list(model.to_schema().columns)

    def parse(path: Path) -> pl.DataFrame:
        return read_csv(path, source_id, columns, **kwargs)

    return parse
