"""Stamps: each step writes the fingerprint of its inputs into the build folder once it is
done, and skips itself while the fingerprint is unchanged."""

import hashlib
from pathlib import Path

from ingest.errors import is_disk_full
from warehouse.console import say


def files(repo: Path, roots: tuple[str, ...]) -> list[Path]:
    """Every file under `roots` (folders or files of the repository), in a stable order."""
    paths = []
    for root in roots:
        path = repo / root
        paths += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return [p for p in paths if "__pycache__" not in p.parts]


def fingerprint(paths: list[Path], extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def published_stamp(inputs: str, *published: Path) -> str:
    """The inputs' fingerprint and the published files as they were left: a warehouse or
    export set deleted, replaced or written to by a client is published again."""
    try:
        stats = [path.stat() for path in published]
    except FileNotFoundError:
        return ""
    return " ".join([inputs, *(f"{st.st_size} {st.st_mtime_ns}" for st in stats)])


def write_stamp(stamp: Path, text: str, step: str) -> int:
    """A step's stamp, or on a full disk one line saying so (the step runs again next time)."""
    try:
        stamp.write_text(text)
    except OSError as exc:
        stamp.unlink(missing_ok=True)
        if not is_disk_full(exc):
            raise
        say(
            f"{step}: the disk is full: cannot write in {stamp.parent}. Free some space and run "
            "the build again."
        )
        return 1
    return 0


def read_stamp(path: Path) -> str | None:
    try:
        return path.read_text()
    except FileNotFoundError:
        return None
