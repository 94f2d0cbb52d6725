"""One build at a time: an exclusive flock on <build dir>/.lock, taken before any step writes.

A second build does not wait: it says which process holds the lock and exits, having touched
nothing. The lock is released by the kernel when its holders exit, even after kill -9, so a
lock file left behind never blocks a build. Child processes (dbt) inherit it, so a build whose
Python process died while dbt still runs keeps its lock until dbt is done too."""

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from warehouse.errors import BuildLocked

MARKER = ".created-by-ai-energy-warehouse"  # `make clean` removes only folders holding it


def make_dir(path: Path) -> None:
    """Create a folder the build owns, marked so that `make clean` may remove it later. A
    folder that already exists is used as it is, and not marked."""
    if not path.exists():
        path.mkdir(parents=True)
        (path / MARKER).write_text("made by the build; `make clean` removes this folder\n")


@contextmanager
def build_lock(directory: Path) -> Iterator[int]:
    """Hold the build lock; yields its file descriptor (pass it to child processes)."""
    make_dir(directory)
    path = directory / ".lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        os.close(fd)
        raise BuildLocked(
            f"another build is running ({holder}; lock {path}). Nothing was changed: wait for "
            "it to finish (or stop it), then run this again."
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"PID {os.getpid()}, started {datetime.now():%Y-%m-%d %H:%M:%S}\n".encode(), 0)
    try:
        yield fd
    finally:
        os.close(fd)  # the file stays: deleting a lock file lets two builds lock two files


def _holder(fd: int) -> str:
    for _ in range(20):  # the holder writes its PID just after it locks
        text = os.pread(fd, 200, 0).decode(errors="replace").strip()
        if text:
            return text
        time.sleep(0.05)
    return "PID unknown"
