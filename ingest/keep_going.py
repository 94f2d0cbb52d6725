"""KEEP_GOING=1: one publisher down does not hold the others. A table whose refresh failed
but which landed before (its landed files intact) keeps that last good landing, and its
manifest says since when and why it is stale, which dim_source carries (is_stale,
stale_since, stale_reason). A table that never landed still fails the run: there is
nothing to build it from. Without KEEP_GOING a failed table stops the build, as before.
IngestSettings.keep_going holds the setting (read from the environment once)."""

import json
import os
from datetime import UTC, datetime

from ingest.manifests import LandResult, landed_fault, manifest_path, read_manifest
from ingest.registry import Table


def keep_last_good(results: list[LandResult]) -> None:
    """Each failed table with an intact earlier landing becomes 'stale' (in place)."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    for result in results:
        manifest = read_manifest(result.table) if result.status == "failed" else None
        if manifest is None or landed_fault(manifest):
            continue  # not failed, never landed, or its landed file cannot be trusted
        since = manifest.get("stale_since") or now  # stale since the first failed refresh
        _rewrite(
            result.table, {**manifest, "stale_since": since, "stale_reason": str(result.error)}
        )
        result.status = "stale"
        result.stale_landed_at = manifest.get("landed_at")


def clear_stale(table: Table, manifest: dict | None) -> None:
    """A table found up to date again (its pin reverted, say) is no longer stale."""
    if manifest and manifest.get("stale_since"):
        _rewrite(table, {**manifest, "stale_since": None, "stale_reason": None})


def _rewrite(table: Table, manifest: dict) -> None:
    path = manifest_path(table)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(manifest, indent=2) + "\n")
    os.replace(tmp, path)
