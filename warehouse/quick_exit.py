"""Leaving a process without the interpreter's teardown once its work is done: the teardown
only frees memory, and took 0.7 s of every build in the warehouse's process (with Great
Expectations loaded) and 0.5 s in dbt's."""

import atexit
import os
import sys
from pathlib import Path
from typing import NoReturn


def quick_exit(code: int, database: Path | None = None) -> NoReturn:
    """Exit with `code` after the exit handlers (logging flushed, dbt-duckdb's database
    closed, multiprocessing's locks released) and the standard streams flushed; with the
    interpreter's teardown after all if `database` still has a write-ahead log (still open
    with writes not in the file: the teardown closes it)."""
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    if database and Path(f"{database}.wal").exists():
        sys.exit(code)
    os._exit(code)
