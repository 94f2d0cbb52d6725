"""`make release`: the export set packed into one zip named by its data version, with a
sha256 checksum file beside it (`sha256sum -c` checks it). The archive is reproducible: its
entries are sorted and dated by the data version's build date, so the same exports give the
same bytes."""

import hashlib
import json
import zipfile
from pathlib import Path

from warehouse.lock import MARKER

NAME = "ai-energy-warehouse"


class ReleaseError(Exception):
    pass


def release(exports: Path, dist: Path) -> Path:
    """Pack `exports` into `dist`/<name>-<data version>.zip; returns the archive's path."""
    catalog = exports / "catalog.json"
    if not catalog.is_file():
        raise ReleaseError(f"no exports in {exports}: run `make build` first")
    version = json.loads(catalog.read_text())["data_version"]
    stem = f"{NAME}-{version}"
    dist.mkdir(parents=True, exist_ok=True)
    archive = dist / f"{stem}.zip"
    tmp = archive.with_name(f".{archive.name}.tmp")
    date = tuple(int(part) for part in version[:10].split("-")) + (0, 0, 0)
    files = sorted(p for p in exports.rglob("*") if p.is_file() and p.name != MARKER)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            entry = zipfile.ZipInfo(f"{stem}/{path.relative_to(exports).as_posix()}", date)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            with path.open("rb") as src, zf.open(entry, "w") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
    tmp.replace(archive)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    (dist / f"{archive.name}.sha256").write_text(f"{digest}  {archive.name}\n")
    return archive
