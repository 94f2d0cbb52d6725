"""Get a verified local copy of each pinned publisher file.

With SOURCE_MIRROR set, files are read in place from <mirror>/<mirror_dir>/<file>; otherwise
they are downloaded once into data/downloads/<source>/<file> (a member of an archive is
extracted from the archive, itself downloaded once and kept there). Either way a file is used
only after its content sniff and sha256 match the pin, and a download becomes visible only
after it is complete and verified (temporary file, then rename). Each download leaves a note
of when and from where it came (`retrieval`), which the landed table's manifest carries.
"""

import hashlib
import importlib
import json
import os
import re
import shutil
import socket
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
from tenacity import (
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from ingest.errors import IngestError, SourceSkipped
from ingest.paths import REPO_ROOT, downloads_dir, mirror_dir
from ingest.registry import Archive, Source, SourceFile

TIMEOUT = httpx.Timeout(60.0, connect=10.0)  # read: a response that stalls this long is retried
ATTEMPTS = 4
BACKOFF_SECONDS = 1.0  # doubles after each failed attempt, capped at 30 s
MAX_UPDATE_BYTES = 4 * 1024**3  # bound when no pin says the size (make update-sources)
CHUNK = 1024 * 1024
REPO_SCHEME = "repo:"  # curated files committed here, e.g. repo:ingest/curated/x.csv
USER_AGENT = "ai-energy-warehouse (+https://github.com/; open data on AI electricity use)"

Progress = Callable[[int, int | None], None]  # (bytes done, bytes total)

_HTML = re.compile(rb"^\s*<(!doctype|html|head|body|\?xml)", re.IGNORECASE)
_MAGIC = {
    "xlsx": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
    "rda": (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"RDX", b"RDA"),
}


class _Transient(Exception):
    """A failure worth retrying: a 5xx or 429 answer, a stalled or dropped connection."""


OFFLINE_HINT = (
    "offline? Set SOURCE_MIRROR=<dir> to read a local copy of the publishers' files "
    "laid out as <dir>/<mirror_dir>/<file> (see README)"
)


def fetch(source: Source, file: SourceFile, progress: Progress | None = None) -> Path:
    """Return a local path to `file` whose content matches its pin."""
    local = local_copy(source, file)
    if local:
        verify(source, file, local)
        return local
    path = downloads_dir() / source.id / file.name
    if path.is_file() and sha256_of(path) == file.sha256:
        return path
    if source.live:
        raise IngestError(source.id, "live source without a snapshot for this run", file=file.name)
    if file.archive:
        archive = fetch_archive(source, file.archive, progress)
        _extract(source, file, archive, path)
    else:
        download(source, file, file.url, path, max_bytes=file.bytes, progress=progress)
    verify(source, file, path, on_failure=lambda: discard(path))
    return path


def discard(path: Path) -> None:
    """Remove a download that failed its checks, and the note of where it came from."""
    path.unlink(missing_ok=True)
    _note_path(path).unlink(missing_ok=True)


def archive_file(archive: Archive) -> SourceFile:
    """An archive seen as a pinned file, so download and verify treat it like any other."""
    return SourceFile(archive.name, archive.url, archive.sha256, archive.bytes, "zip")


def fetch_archive(source: Source, archive: Archive, progress: Progress | None = None) -> Path:
    """The pinned archive in data/downloads/<source>/, downloaded once for all its members."""
    file = archive_file(archive)
    path = downloads_dir() / source.id / archive.name
    if not (path.is_file() and sha256_of(path) == archive.sha256):
        download(source, file, archive.url, path, max_bytes=archive.bytes, progress=progress)
        verify(source, file, path, on_failure=lambda: discard(path))
    return path


def _extract(source: Source, file: SourceFile, archive: Path, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.part-{os.getpid()}")
    try:
        with zipfile.ZipFile(archive) as zf, zf.open(file.member) as src, tmp.open("wb") as out:
            shutil.copyfileobj(src, out, CHUNK)
        os.replace(tmp, dest)
    except KeyError as exc:
        raise IngestError(
            source.id, f"{archive.name} has no member {file.member}", file=file.name
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    _write_note(dest, {"archive": archive.name, **(_read_note(archive) or {})})


def retrieval(source: Source, file: SourceFile, path: Path) -> dict:
    """How the verified copy at `path` was obtained, in words and as fields, for the manifest.
    Only a download says when: a mirror file's modification time is not a retrieval time."""
    if file.url.startswith(REPO_SCHEME):
        return {"method": "repository", "retrieved_at": None, "note": "kept in this repository"}
    if (mirror := mirror_dir()) and path.is_relative_to(mirror):
        note = f"read from a SOURCE_MIRROR copy ({path.relative_to(mirror)}); when it was "
        return {"method": "mirror", "retrieved_at": None, "note": note + "retrieved is unknown"}
    recorded = _read_note(path) or {}
    at, url = recorded.get("retrieved_at"), recorded.get("url", file.url)
    how = "snapshot of the live API" if source.live else "downloaded"
    # the time is in retrieved_at: the note stays the same when the same file is fetched again
    note = f"{how} from {url}" if at else f"{how} from {url} (time not recorded)"
    if recorded.get("archive"):
        note = f"extracted from {recorded['archive']}, {note}"
    return {"method": "live" if source.live else "download", "retrieved_at": at, "note": note}


def provenance(source: Source, file: SourceFile, path: Path) -> dict:
    """What a manifest records of each file a table was parsed from (dim_source_file)."""
    how = retrieval(source, file, path)
    return {
        "name": file.name,
        "url": file.url,
        "live_url": file.live_url,
        "archive": file.archive.name if file.archive else None,
        "member": file.member or None,
        "version": file.version,
        "sha256": file.sha256,
        "bytes": file.bytes,
        "read_from": str(path),
        "retrieval_method": how["method"],
        "retrieved_at": how["retrieved_at"],
        "retrieval_note": how["note"],
    }


def _utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _note_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.retrieved.json")


def _write_note(path: Path, note: dict) -> None:
    _note_path(path).write_text(json.dumps(note) + "\n")


def _read_note(path: Path) -> dict | None:
    try:
        return json.loads(_note_path(path).read_text())
    except (OSError, ValueError):
        return None


def local_copy(source: Source, file: SourceFile) -> Path | None:
    """Where the file is read in place: curated files kept in this repository (`repo:` URLs),
    or any other file under SOURCE_MIRROR. None means: download it."""
    if file.url.startswith(REPO_SCHEME):
        path = REPO_ROOT / file.url.removeprefix(REPO_SCHEME)
    elif source.live:
        return None  # its snapshot is in data/downloads, written by refresh_live
    elif mirror := mirror_dir():
        path = mirror / source.mirror_dir / file.name
    else:
        return None
    if not path.is_file():
        where = "this repository" if file.url.startswith(REPO_SCHEME) else "SOURCE_MIRROR"
        raise IngestError(source.id, f"not found in {where} ({path})", file=file.name)
    return path


def refresh_live(source: Source) -> Source:
    """Pin a live source (no pinned vintage) to this run's snapshot: its module's
    `snapshot(source, key, dest_dir) -> {file name: path}` fetches and writes it, and the
    snapshot's sha256 and size stand in for the pin, so an unchanged answer lands nothing and
    the manifest records exactly what landed. Without the key: SourceSkipped."""
    if source.live is None:
        return source
    key = os.environ.get(source.live.key_env, "").strip()
    if not key:
        raise SourceSkipped(
            f"{source.live.key_env} not set: skipping {source.id}; {source.live.fallback}"
        )
    module = importlib.import_module(f"ingest.sources.{source.id}")
    paths = module.snapshot(source, key, downloads_dir() / source.id)
    for name, path in paths.items():
        _write_note(path, {"url": source.files[name].url, "retrieved_at": _utc_now()})
    files = {
        name: replace(f, sha256=sha256_of(paths[name]), bytes=paths[name].stat().st_size)
        for name, f in source.files.items()
    }
    return replace(source, files=files)


def pin_repo_files(source: Source) -> tuple[Source, list[str]]:
    """Files kept in this repository (`repo:` URLs, the curated CSVs) are versioned by git, so
    what lands is the file as it is now: its sha256 and size stand in for the pin (as a live
    snapshot's do), an edit changes the table's fingerprint and re-lands it, validated like
    any file, and the manifest records what landed. Also returns the names of the files that
    differ from the registry's pin (edited since `make update-sources` last pinned them)."""
    files, edited = dict(source.files), []
    for name, file in source.files.items():
        if file.url.startswith(REPO_SCHEME):
            path = local_copy(source, file)
            assert path is not None  # read in place: local_copy raises when it is missing
            with path.open("rb") as fh:  # read whole: a cached hash could miss an edit
                sha = hashlib.file_digest(fh, "sha256").hexdigest()
            files[name] = replace(file, sha256=sha, bytes=path.stat().st_size)
            if sha != file.sha256:
                edited.append(name)
    return replace(source, files=files), edited


def verify(source: Source, file: SourceFile, path: Path, on_failure=None) -> None:
    """Sniff the content, then compare the sha256 with the pin."""
    try:
        sniff(source.id, file.name, file.format, path)
        actual = sha256_of(path)
        if actual != file.sha256:
            raise IngestError(
                source.id,
                f"checksum mismatch: pinned sha256 {file.sha256} ({file.bytes} bytes), got "
                f"{actual} ({path.stat().st_size} bytes). The publisher's file changed; review it "
                "and run `make update-sources` to pin the new vintage.",
                file=file.name,
            )
    except IngestError:
        if on_failure:
            on_failure()
        raise


def sniff(source_id: str, name: str, fmt: str, path: Path) -> None:
    """Reject content that cannot be what the format says (an HTML error page, an empty file)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        raise IngestError(source_id, "empty file", file=name)
    if fmt in _MAGIC:
        if not head.startswith(_MAGIC[fmt]):
            kind = "an HTML page" if _HTML.match(head) else "not a valid file"
            raise IngestError(source_id, f"expected {fmt}, got {kind}", file=name)
        return
    if _HTML.match(head.lstrip(b"\xef\xbb\xbf")):
        raise IngestError(source_id, f"expected {fmt}, got an HTML page", file=name)
    if fmt == "json" and head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):
        raise IngestError(
            source_id, "expected JSON, the file does not start with { or [", file=name
        )


def download(
    source: Source,
    file: SourceFile,
    url: str,
    dest: Path,
    *,
    max_bytes: int | None,
    progress: Progress | None = None,
) -> None:
    """Stream `url` into `dest` atomically, retrying transient failures with backoff. A host
    that does not resolve or refuses the connection fails at once: no retry would help."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.part-{os.getpid()}")
    final_url = url

    @retry(
        retry=retry_if_exception(lambda e: isinstance(e, _Transient)),
        stop=stop_after_attempt(ATTEMPTS),
        wait=wait_exponential(multiplier=BACKOFF_SECONDS, max=30),
        reraise=True,
    )
    def attempt() -> None:
        nonlocal final_url
        try:
            with httpx.stream(
                "GET",
                url,
                timeout=TIMEOUT,
                follow_redirects=True,
                # identity: the pin is of the file's own bytes, and Content-Length then counts
                # them; a server that compresses anyway is decoded (and counted on the wire)
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
            ) as response:
                final_url = str(response.url)
                _check_status(source, file, response, url)
                _stream_to(source, file, response, tmp, max_bytes, progress)
        except httpx.TransportError as exc:
            if unreachable := unreachable_reason(exc):
                raise IngestError(
                    source.id,
                    f"cannot download {url}: {unreachable}; {OFFLINE_HINT}",
                    file=file.name,
                ) from exc
            raise _Transient(f"{type(exc).__name__}: {exc} ({url})") from exc  # stalled, dropped

    try:
        attempt()
        os.replace(tmp, dest)
    except _Transient as exc:
        raise IngestError(
            source.id, f"download failed after {ATTEMPTS} attempts: {exc}", file=file.name
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    _write_note(dest, {"url": final_url, "retrieved_at": _utc_now()})


def _check_status(source: Source, file: SourceFile, response: httpx.Response, url: str) -> None:
    if response.status_code >= 500 or response.status_code == 429:
        raise _Transient(f"HTTP {response.status_code} from {url}")
    if response.status_code >= 400:
        raise IngestError(source.id, f"HTTP {response.status_code} from {url}", file=file.name)


def _stream_to(source, file, response: httpx.Response, tmp: Path, max_bytes, progress) -> None:
    """Write the body to `tmp`; a body shorter than its Content-Length is a dropped connection.
    Content-Length counts the bytes on the wire, compressed or not."""
    total = int(response.headers.get("content-length", 0)) or None
    done = 0
    with tmp.open("wb") as out:
        for chunk in response.iter_bytes(CHUNK):
            done += len(chunk)
            if max_bytes is not None and done > max_bytes:
                raise IngestError(
                    source.id,
                    f"download exceeds the size bound of {max_bytes} bytes ({response.url})",
                    file=file.name,
                )
            out.write(chunk)
            if progress:
                progress(response.num_bytes_downloaded, total)
    wire = response.num_bytes_downloaded
    if total is not None and wire != total:
        raise _Transient(f"connection dropped after {wire} of {total} bytes")


def unreachable_reason(exc: BaseException | None) -> str | None:
    """'name does not resolve' or 'connection refused' when that is the cause, else None."""
    while exc is not None:
        if isinstance(exc, socket.gaierror):
            return "the host name does not resolve"
        if isinstance(exc, ConnectionRefusedError):
            return "the connection was refused"
        exc = exc.__cause__ or exc.__context__
    return None


def _cache_path() -> Path:
    return downloads_dir() / ".sha256-cache.json"


def sha256_of(path: Path) -> str:
    """sha256 of a file, remembered by (path, size, mtime) so unchanged files are read once."""
    stat = path.stat()
    key = str(path.resolve())
    stamp = [stat.st_size, stat.st_mtime_ns]
    cache_file = _cache_path()
    try:
        cache = json.loads(cache_file.read_text())
    except (OSError, ValueError):
        cache = {}
    hit = cache.get(key)
    if hit and hit[:2] == stamp:
        return hit[2]
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    cache[key] = [*stamp, digest.hexdigest()]
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache_file.with_name(f".{cache_file.name}.{os.getpid()}")
    tmp.write_text(json.dumps(cache, indent=0, sort_keys=True))
    os.replace(tmp, cache_file)
    return digest.hexdigest()
