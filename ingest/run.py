"""Landing sources: the library call the build's ingest step makes (`land_sources`), and
what `python -m ingest land` runs. Every source in turn: fetch, verify, parse, validate and
land each table that changed; a failing source does not stop the others, but fails the run.
Progress and the summary go to stderr."""

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn
from rich.table import Table as RichTable

from ingest import keep_going
from ingest.errors import IngestError, SourceSkipped, is_disk_full
from ingest.fetch import fetch, pin_repo_files, refresh_live
from ingest.manifests import LandResult, is_current, landed_fault, read_manifest
from ingest.paths import data_dir
from ingest.registry import Source, Table, load_registry
from ingest.settings import IngestSettings, use

console = Console(stderr=True)


def land_sources(settings: IngestSettings, source_ids: list[str] | None = None) -> int:
    """Land every source (or those named) under `settings`; 0 when none failed."""
    with use(settings):
        return land_all(select(load_registry(), source_ids), settings.keep_going)


def select(registry: dict[str, Source], ids: list[str] | None) -> list[Source]:
    unknown = set(ids or []) - set(registry)
    if unknown:
        raise SystemExit(f"unknown source(s): {sorted(unknown)}; known: {sorted(registry)}")
    return [s for s in registry.values() if not ids or s.id in ids]


def land_all(sources: list[Source], keep_going_on: bool = False) -> int:
    """Land every table; a failing source does not stop the others, but fails the run
    (unless `keep_going_on` keeps its last good landing: KEEP_GOING)."""
    results: list[LandResult] = []
    columns = [TextColumn("{task.description}"), BarColumn(), DownloadColumn()]
    with Progress(*columns, console=console, transient=True) as progress:
        for source in sources:
            try:
                source = refresh_live(source)  # no-op unless the source is a live API
                source, edited = pin_repo_files(source)  # the curated CSVs as they are now
            except SourceSkipped as exc:  # said once per source; the run stays green
                console.print(f"[yellow]skipped[/] {escape(str(exc))}", highlight=False)
                results += [LandResult(t, "skipped") for t in source.tables.values()]
                continue
            except IngestError as exc:
                results += [LandResult(t, "failed", error=exc) for t in source.tables.values()]
                continue
            for table in source.tables.values():
                manifest = read_manifest(table)
                current = is_current(source, table, manifest)
                fault = landed_fault(manifest) if current and manifest else None  # rotted file
                if current and not fault:
                    keep_going.clear_stale(table, manifest)
                    results.append(LandResult(table, "unchanged"))  # no download needed
                    continue
                task = progress.add_task(table.qualified_name, total=None)

                def advance(done, total, task=task):
                    progress.update(task, completed=done, total=total)

                try:
                    paths = {n: fetch(source, source.files[n], advance) for n in table.files}
                    progress.update(task, description=f"{table.qualified_name}: landing")
                    from ingest.land import land  # polars and pandera: only to land

                    result = land(source, table, paths)
                    result.relanded_because = fault
                    result.edited = [n for n in table.files if n in edited]
                except IngestError as exc:
                    result = LandResult(table, "failed", error=exc, relanded_because=fault)
                except OSError as exc:  # a full disk or a permission problem while fetching
                    error = _os_error(source, table, exc)
                    result = LandResult(table, "failed", error=error, relanded_because=fault)
                results.append(result)
                progress.remove_task(task)
    if keep_going_on:
        keep_going.keep_last_good(results)
    _report(results)
    return 1 if any(r.status == "failed" for r in results) else 0


def _os_error(source: Source, table: Table, exc: OSError) -> IngestError:
    if is_disk_full(exc):
        what = (
            f"the disk is full: cannot fetch or land {table.qualified_name} in {data_dir()}. "
            "Free some space and run the build again; previously landed data is unchanged."
        )
    else:
        what = f"cannot fetch or land {table.qualified_name}: {exc}"
    return IngestError(source.id, what, file=", ".join(table.files))


def _report(results: list[LandResult]) -> None:
    """A table of what landed or failed, then one line of counts."""
    changed = [r for r in results if r.status not in ("unchanged", "skipped")]
    if changed:
        table = RichTable("table", "status", "rows in", "landed", "rejected", title="ingest")
        for r in changed:
            counts = ["", "", ""]
            if r.status == "landed":
                counts = [f"{r.rows_in:,}", f"{r.rows_landed:,}", f"{r.rows_rejected:,}"]
            style = {"failed": "red", "stale": "yellow"}.get(r.status, "green")
            status = "re-landed" if r.status == "landed" and r.relanded_because else r.status
            table.add_row(r.table.qualified_name, f"[{style}]{status}[/]", *counts)
        console.print(table)
    for r in results:
        if r.relanded_because:
            landed = r.status == "landed"
            outcome = "re-landed it from the verified source file" if landed else "not re-landed"
            console.print(
                f"[yellow]{r.table.qualified_name}[/]: {escape(r.relanded_because)}; {outcome}.",
                highlight=False,
                soft_wrap=True,
            )
    for r in results:
        if r.edited:
            source = r.table.source_id
            console.print(
                f"[yellow]{r.table.qualified_name}[/]: landed {', '.join(r.edited)} as edited "
                f"in this repository; its pin in ingest/sources/{source}.yml is the version "
                f"before: `python -m ingest update-sources --source {source}` records the new "
                "one (tests/test_registry.py checks it before a commit).",
                highlight=False,
                soft_wrap=True,
            )
    tally = {s: sum(r.status == s for r in results) for s in ("landed", "unchanged", "failed")}
    for extra in ("stale", "skipped"):
        if n := sum(r.status == extra for r in results):
            tally[extra] = n
    console.print("ingest: " + ", ".join(f"{n} {s}" for s, n in tally.items()), highlight=False)
    for r in results:
        if r.status == "stale":
            console.print(
                f"[yellow]stale[/] {r.table.qualified_name}: the warehouse keeps its last good "
                f"landing ({r.stale_landed_at}) because {escape(str(r.error))}",
                highlight=False,
                soft_wrap=True,
            )
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        console.print(f"[red]error[/] {escape(str(r.error))}", highlight=False, soft_wrap=True)
    if failed:
        errors = [r.error for r in failed if r.error]
        names = sorted({f"{e.source} ({e.file or 'no file'})" for e in errors})
        console.print(
            f"[red]{len(failed)} table(s) failed[/]: {', '.join(names)}. "
            "Previously landed data is unchanged.",
            highlight=False,
        )
