"""One error type that always says which source, file, column and rows went wrong."""

import errno
from collections.abc import Sequence


class IngestError(Exception):
    def __init__(
        self,
        source: str,
        message: str,
        *,
        file: str | None = None,
        column: str | None = None,
        rows: Sequence[int] | None = None,
    ):
        self.source = source
        self.file = file
        self.column = column
        self.rows = list(rows) if rows else []
        self.detail = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [f"source {self.source}"]
        if self.file:
            where.append(f"file {self.file}")
        if self.column:
            where.append(f"column {self.column}")
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:10])
            more = f" (+{len(self.rows) - 10} more)" if len(self.rows) > 10 else ""
            where.append(f"rows {shown}{more}")
        return f"[{'; '.join(where)}] {self.detail}"


class SourceSkipped(Exception):
    """A source that cannot run here and is not needed: a live API whose key is not set."""


def is_disk_full(exc: BaseException | None) -> bool:
    """A full disk, however the library reports it: an OSError with ENOSPC, or polars and
    DuckDB wrapping the system's message in their own exception."""
    while exc is not None:
        if getattr(exc, "errno", None) == errno.ENOSPC or "No space left on device" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
