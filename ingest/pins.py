"""`make update-sources`: re-pin each file to what its publisher serves now at its `live_url`
(or to the copy in SOURCE_MIRROR, when set).

This is the only code that writes the registry, and an ordinary build never calls it. A file
whose live bytes changed is re-pinned to them with `url` set to the live URL, which can change
again: tests/test_registry.py fails until someone points `url` at an immutable copy of those
bytes (a file at a commit, a versioned archive, a DOI).
"""

import os

from rich.console import Console
from rich.markup import escape
from ruamel.yaml import YAML

from ingest.errors import IngestError
from ingest.fetch import MAX_UPDATE_BYTES, download, local_copy, sha256_of, sniff
from ingest.paths import downloads_dir, mirror_dir
from ingest.registry import Source, SourceFile


def _current_copy(source: Source, file: SourceFile):
    path = local_copy(source, file)
    if path:
        return path
    path = downloads_dir() / source.id / file.name
    download(source, file, file.live_url, path, max_bytes=MAX_UPDATE_BYTES)
    return path


def _repin(entry, file: SourceFile, sha: str, size: int, from_live: bool) -> str:
    """Write the new pin into the registry entry; say what someone must do next."""
    entry["sha256"], entry["bytes"] = sha, size
    if not from_live or file.url == file.live_url:
        return ""
    for key in ("archive", "member"):  # the new bytes are not in the pinned archive
        entry.pop(key, None)
    entry["url"] = file.live_url
    entry.move_to_end("url", last=False)
    return (
        " from its live URL; point `url` at an immutable copy of these bytes (a file at a "
        "commit, a versioned archive, a DOI) before committing"
    )


def update_pins(sources: list[Source], console: Console) -> int:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    failed = 0
    for source in sources:
        if source.live:
            console.print(f"{source.id}: live source, no pinned vintage: nothing to pin")
            continue
        doc = yaml.load(source.registry_file)
        changed = False
        for name, file in source.files.items():
            try:
                path = _current_copy(source, file)
                sniff(source.id, name, file.format, path)
            except IngestError as exc:
                console.print(f"[red]error[/] {escape(str(exc))}", highlight=False)
                failed += 1
                continue
            sha, size = sha256_of(path), path.stat().st_size
            if (sha, size) != (file.sha256, file.bytes):
                todo = _repin(doc["files"][name], file, sha, size, from_live=not mirror_dir())
                changed = True
                console.print(f"{source.id}/{name}: pinned {sha[:12]}… ({size:,} bytes){todo}")
        if changed:
            tmp = source.registry_file.with_name(f".{source.registry_file.name}.tmp")
            with tmp.open("w") as fh:
                yaml.dump(doc, fh)
            os.replace(tmp, source.registry_file)
    return 1 if failed else 0
