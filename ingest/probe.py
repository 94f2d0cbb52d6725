"""`make check-sources`: a dry run of the online path. For every pinned file: the URL a build
would fetch, whether the local copy (SOURCE_MIRROR or data/downloads) holds the pinned bytes,
and, when the network answers, whether the URL still serves the pinned size (a HEAD request,
or a one-byte range request when HEAD gives no size). Offline it says so and exits 0; it
exits 1 only when a reachable URL no longer serves the pinned file."""

import httpx
from rich.console import Console
from rich.markup import escape

from ingest.errors import IngestError
from ingest.fetch import USER_AGENT, local_copy, sha256_of, unreachable_reason
from ingest.paths import downloads_dir
from ingest.registry import Source, SourceFile

PROBE_TIMEOUT = httpx.Timeout(15.0, connect=5.0)


def check_sources(sources: list[Source], console: Console, *, network: bool = True) -> int:
    served: dict[str, tuple[str, bool]] = {}  # url -> (what it serves now, matches the pin)
    offline = None if network else "not asked (--offline)"
    for source in sources:
        if source.live:
            console.print(f"{source.id}: live API, no pinned file to check", highlight=False)
            continue
        for file in source.files.values():
            url, size = (
                (file.archive.url, file.archive.bytes) if file.archive else (file.url, file.bytes)
            )
            if url.startswith("repo:"):
                served[url] = ("kept in this repository", True)
            elif not offline and url not in served:
                try:
                    served[url] = _served_size(url, size)
                except _Offline as exc:
                    offline = f"offline: {exc}"
                    console.print(f"[yellow]{escape(offline)}[/]; listing local copies only")
            now = served.get(url, (offline, True))[0]
            member = f" (member {file.member})" if file.archive else ""
            console.print(
                f"{source.id}/{escape(file.name)}: local copy: {_local(source, file)}; "
                f"served now: {now}\n    {escape(url)}{member}",
                highlight=False,
                soft_wrap=True,
            )
    bad = [url for url, (_, ok) in served.items() if not ok]
    if bad:
        console.print(f"[red]{len(bad)} URL(s) no longer serve the pinned file[/]")
    return 1 if bad else 0


class _Offline(Exception):
    pass


def _served_size(url: str, pinned: int) -> tuple[str, bool]:
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    try:
        with httpx.Client(timeout=PROBE_TIMEOUT, follow_redirects=True, headers=headers) as client:
            response = client.head(url)
            size = response.headers.get("content-length") if response.is_success else None
            if response.is_success and size is None:  # some servers answer HEAD without one
                response = client.get(url, headers={"Range": "bytes=0-0"})
                size = response.headers.get("content-range", "").rpartition("/")[2] or None
    except httpx.TransportError as exc:
        if reason := unreachable_reason(exc):
            raise _Offline(f"{httpx.URL(url).host}: {reason}") from exc
        return f"[red]no answer[/] ({type(exc).__name__})", False
    if response.status_code >= 400:
        return f"[red]HTTP {response.status_code}[/]", False
    if size is None or not size.isdigit():
        return "answers, size not given", True
    if int(size) == pinned:
        return f"{pinned:,} bytes, as pinned", True
    return f"[red]{int(size):,} bytes, pinned {pinned:,}[/]", False


def _local(source: Source, file: SourceFile) -> str:
    try:
        path = local_copy(source, file)
    except IngestError:
        return "[red]missing from SOURCE_MIRROR[/]"
    where = "SOURCE_MIRROR" if path else "data/downloads"
    path = path or downloads_dir() / source.id / file.name
    if not path.is_file() and file.archive:
        archive = downloads_dir() / source.id / file.archive.name
        held = archive.is_file() and sha256_of(archive) == file.archive.sha256
        return "the pinned archive (not extracted yet)" if held else "none yet"
    if not path.is_file():
        return "none yet"
    if file.url.startswith("repo:"):
        where = "this repository"
    if sha256_of(path) == file.sha256:
        return f"the pinned bytes ({where})"
    return f"[red]differs from the pin[/] ({where})"
