"""`make release`: the export set packed into one zip named by its data version, with a
sha256 checksum file beside it, in a folder of their own:
dist/<name>-<version>/<name>-<version>.zip and .zip.sha256 (`sha256sum -c` checks it).

The zip depends on the files' contents only: entries sorted by path, each dated by the data
version's date, marked a regular file with mode 0644 made on Unix, deflated at one fixed
level, with no extra fields or comments; so the same exports give the same bytes. The pair is
written into a scratch folder and renamed into place whole, so a checksum file present always
matches its zip, whenever the release is killed. A data version is released once: a later
`make release` of the same version keeps the zip already made (a rebuild of the same data
differs in its build time and validation records, and DuckDB does not write the same file
twice byte for byte), so a version's zip and checksum never change once published."""

import hashlib
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

from ingest.errors import is_disk_full
from warehouse.errors import ReleaseError
from warehouse.publish.database import pause_for_tests
from warehouse.publish.export import swap

NAME = "ai-energy-warehouse"
LEVEL = 6  # zlib's default, named so that it never changes with a library's default


def release(exports: Path, dist: Path) -> tuple[Path, bool]:
    """Pack `exports` into `dist`/<stem>/<stem>.zip (stem: name and data version) with its
    checksum, unless that version's release is already there and checks. Returns the zip's
    path and whether it was made now."""
    catalog = exports / "catalog.json"
    if not catalog.is_file():
        raise ReleaseError(f"no exports in {exports}: run `make build` first")
    version = json.loads(catalog.read_text())["data_version"]
    stem = f"{NAME}-{version}"
    folder = dist / stem
    archive = folder / f"{stem}.zip"
    dist.mkdir(parents=True, exist_ok=True)
    for stale in dist.glob(f".{NAME}-*.tmp*"):  # a killed release's; the build lock is ours
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    if checks(archive):
        return archive, False
    tmp = dist / f".{stem}.tmp-{os.getpid()}"
    tmp.mkdir()
    try:
        year, month, day = (int(part) for part in version[:10].split("-"))
        date = (year, month, day, 0, 0, 0)
        pack(exports, tmp / archive.name, stem, date)
        digest = _sha256(tmp / archive.name)
        (tmp / f"{archive.name}.sha256").write_text(f"{digest}  {archive.name}\n")
        pause_for_tests("before the release is renamed in")
        swap(tmp, folder)  # replaces a folder whose pair did not check
    except OSError as exc:
        if is_disk_full(exc):
            raise ReleaseError(
                f"the disk is full: cannot write the release in {dist}. Free some space and "
                "run it again; the releases there are unchanged."
            ) from exc
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return archive, True


def pack(exports: Path, dest: Path, stem: str, date: tuple[int, int, int, int, int, int]) -> None:
    """Every file of `exports` but hidden ones (the build's marker, a client's WAL) under
    `stem`/, in path order, dated `date`, mode 0644."""
    files = sorted(
        (p.relative_to(exports).as_posix(), p)
        for p in exports.rglob("*")
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".wal")
    )
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as zf:
        for name, path in files:
            entry = zipfile.ZipInfo(f"{stem}/{name}", date)
            entry.create_system = 3  # Unix, wherever it is made
            entry.external_attr = (stat.S_IFREG | 0o644) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.file_size = path.stat().st_size  # zip64 or not from the size alone
            with path.open("rb") as src, zf.open(entry, "w") as out:
                shutil.copyfileobj(src, out, 1 << 20)


def checks(archive: Path) -> bool:
    """Whether `archive` and its .sha256 file are there and agree."""
    try:
        recorded = (archive.parent / f"{archive.name}.sha256").read_text().split()
        return recorded == [_sha256(archive), archive.name]
    except OSError:
        return False


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
