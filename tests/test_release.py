"""`make release` (#24): the zip depends on the exported files' contents only; the zip and its
checksum are published together, so no kill leaves a checksum that fails; a data version is
released once, so two releases of one version are the same bytes."""

import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, digest, make
from tests.test_exports import load
from warehouse.publish.release import release

VERSION = "2026-03-04.0123456789ab"
STEM = f"ai-energy-warehouse-{VERSION}"
FILES = {  # an export set in miniature
    "catalog.json": json.dumps({"data_version": VERSION}).encode(),
    "csv/dim_geography.csv": b"geography_code,geography_name\nCIV,C\xc3\xb4te d'Ivoire\n" * 300,
    "parquet/dim_geography.parquet": os.urandom(5000),
    "report/index.html": b"<!doctype html><p>charts</p>\n" * 100,
}


def _exports(folder: Path, order=sorted, mode=0o644, mtime=0) -> Path:
    """Write the set's files in `order`, with `mode` and modification time `mtime`, plus what
    the release must leave out: the build's marker and a client's WAL."""
    for name in order(FILES):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(FILES[name])
        path.chmod(mode)
        os.utime(path, (mtime, mtime))
    (folder / ".created-by-ai-energy-warehouse").write_text("marker\n")
    (folder / "warehouse.duckdb.wal").write_bytes(b"a client's write-ahead log")
    return folder


def _checksums_hold(dist: Path) -> None:
    """Every checksum file a reader can see checks with `sha256sum -c`."""
    for path in dist.glob("*/*.sha256"):
        done = subprocess.run(["sha256sum", "-c", path.name], cwd=path.parent, capture_output=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_zip_depends_on_the_contents_only(tmp_path):
    """Files written in another order, with other times and permissions, under another umask:
    the same bytes. Entries sorted, dated by the data version, 0644 regular files made on
    Unix, no extra fields, no comment."""
    first, made = release(_exports(tmp_path / "a"), tmp_path / "dist a")
    assert made
    old_umask = os.umask(0o077)
    try:
        other = _exports(tmp_path / "b", reversed, 0o600, 1_700_000_000)
        second, _ = release(other, tmp_path / "dist b")
    finally:
        os.umask(old_umask)
    assert first.read_bytes() == second.read_bytes()
    assert first == tmp_path / "dist a" / STEM / f"{STEM}.zip"
    _checksums_hold(tmp_path / "dist a")
    with zipfile.ZipFile(first) as zf:
        assert zf.comment == b""
        entries = zf.infolist()
    assert [e.filename for e in entries] == [f"{STEM}/{name}" for name in sorted(FILES)]
    for entry in entries:
        assert entry.date_time == (2026, 3, 4, 0, 0, 0)
        assert (entry.create_system, entry.external_attr >> 16) == (3, 0o100644)
        assert entry.extra == b"" and entry.comment == b""


KILLED_RELEASE = """
import sys
from pathlib import Path
from warehouse.publish.release import release
release(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_release_killed_before_it_is_in_place_leaves_no_checksum_that_lies(tmp_path):
    """A kill right after the zip was replaced once left a .sha256 that failed `sha256sum -c`.
    Now both are written aside and renamed in as one folder: killed before that, the release
    folder holding a damaged pair is as it was; the next release removes the scratch folder
    and replaces the damaged pair with one that checks."""
    exports, dist = _exports(tmp_path / "exports"), tmp_path / "dist"
    archive, _ = release(exports, dist)
    archive.write_bytes(archive.read_bytes()[:-10])  # damaged after it was published
    damaged = archive.read_bytes()
    env = {**os.environ, "WAREHOUSE_TEST_PAUSE": "before the release is renamed in"}
    killed = subprocess.Popen(
        [sys.executable, "-c", KILLED_RELEASE, str(exports), str(dist)],
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert "publish: paused before the release is renamed in" in killed.stderr.readline()
    finally:
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
        killed.stderr.close()
    assert archive.read_bytes() == damaged  # untouched until the rename
    assert [p.name for p in dist.glob(".*")] == [f".{STEM}.tmp-{killed.pid}"]
    again, made = release(exports, dist)
    assert made and again == archive and archive.read_bytes() != damaged
    _checksums_hold(dist)
    assert sorted(os.listdir(dist)) == [STEM]


@pytest.mark.build
def test_a_data_version_is_released_once(built, tmp_path):
    """Two `make release` runs of one data version gave zips of 13,348,958 and 13,350,162
    bytes: the exports had been published again between them (the same data, but another
    build time, other validation run times and another DuckDB file). The second run now keeps
    the first zip, which its checksum still matches. (A data version is the build date and the
    content hash: across midnight UTC the same data is another version, released anew.)"""
    dist = tmp_path / "dist"
    assert make(built, "release", env={"RELEASE_DIR": str(dist)}).returncode == 0
    before = load(built, "catalog.json")
    (archive,) = dist.glob("*/*.zip")
    first = digest(archive)
    (built.root / "target" / ".published").unlink()  # publish the same data again
    result = make(built, "release", env={"RELEASE_DIR": str(dist)})
    assert result.returncode == 0, result.stderr
    after = load(built, "catalog.json")
    assert after["built_at"] != before["built_at"]  # the exports did change
    assert after["data_sha256"] == before["data_sha256"]  # the data did not
    if after["data_version"] == before["data_version"]:
        assert "made before for this data version and kept" in result.stderr
    else:  # the two publishes fell on two days (UTC)
        assert len(list(dist.glob("*/*.zip"))) == 2
    assert digest(archive) == first
    _checksums_hold(dist)
