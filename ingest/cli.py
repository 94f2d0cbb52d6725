"""python -m ingest [land|status|update-sources|check-sources|generate] — see --help. The
settings (data folder, registry, mirror) are read from the environment once, here."""

import argparse
import sys

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from ingest.errors import IngestError
from ingest.fetch import pin_repo_files
from ingest.manifests import is_current, landed_fault, read_manifest
from ingest.registry import Source, load_registry
from ingest.run import console, land_all, select
from ingest.settings import IngestSettings, current, use


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    land_cmd = sub.add_parser("land", help="fetch, validate and land sources (default)")
    land_cmd.add_argument("--source", action="append", help="only this source (repeatable)")
    sub.add_parser("status", help="list each landed table: vintage, rows, checksum vs pin")
    update = sub.add_parser("update-sources", help="re-pin sources to the publishers' files")
    update.add_argument("--source", action="append")
    check = sub.add_parser("check-sources", help="dry run of the downloads: URL, cache, size")
    check.add_argument("--source", action="append")
    check.add_argument("--offline", action="store_true", help="do not ask the servers")
    generate = sub.add_parser("generate", help="write dbt source files and README source list")
    generate.add_argument("--check", action="store_true", help="fail if they are out of date")
    args = parser.parse_args(argv)
    with use(current()) as settings:  # the environment's, read once (or a caller's in force)
        return _run(args, settings)


def _run(args: argparse.Namespace, settings: IngestSettings) -> int:
    registry = load_registry()
    if args.command == "status":
        return status(registry)
    if args.command == "update-sources":
        from ingest.pins import update_pins  # ruamel.yaml: only to re-pin

        return update_pins(select(registry, args.source), console)
    if args.command == "check-sources":
        from ingest.probe import check_sources  # httpx: only to ask the servers

        sources = select(registry, args.source)
        return check_sources(sources, Console(), network=not args.offline)
    if args.command == "generate":
        from ingest.generate import generate_all

        return generate_all(registry, check=args.check, console=console)
    return land_all(select(registry, getattr(args, "source", None)), settings.keep_going)


def status(registry: dict[str, Source]) -> int:
    """Each landed table against its pin, whether it is up to date (a curated file edited, a
    pin or the landing code changed since it landed) and whether its landed files are intact
    (every file hashed). Reads only; exits 1 when a landed file fails, which the next build
    re-lands."""
    table = RichTable(
        "source_id",
        "vintage",
        "rows",
        "rejected",
        "landed at",
        "checksum",
        "landed file",
        title="landed sources",
    )
    faults, notes = [], []
    for source in registry.values():
        edited: list[str] = []
        if not source.live:
            try:
                source, edited = pin_repo_files(source)
            except IngestError as exc:  # a curated file deleted: the build says so too
                notes.append(str(exc))
        for t in source.tables.values():
            manifest = read_manifest(t)
            if manifest is None:
                table.add_row(t.qualified_name, source.vintage, "", "", "not landed", "", "")
                continue
            pinned = [source.files[n].sha256 for n in t.files]
            landed = [f["sha256"] for f in manifest["files"]]
            check = "matches pin" if pinned == landed else "[red]differs from pin[/]"
            if source.live:
                check = "live snapshot"
            elif not is_current(source, t, manifest):
                check = "[yellow]changed since landing[/]"
                notes.append(
                    f"{t.qualified_name}: its file, pin or landing code changed since it "
                    "landed: the next `make build` lands it"
                )
            elif names := [n for n in t.files if n in edited]:
                check = "[yellow]edited, not re-pinned[/]"
                notes.append(
                    f"{t.qualified_name}: {', '.join(names)} landed as edited; `python -m "
                    f"ingest update-sources --source {source.id}` records its pin"
                )
            if fault := landed_fault(manifest):
                faults.append(f"{t.qualified_name}: {fault}: the next `make build` re-lands it")
            table.add_row(
                t.qualified_name,
                manifest["vintage"],
                f"{manifest['rows_landed']:,}",
                f"{manifest['rows_rejected']:,}",
                manifest["landed_at"],
                check,
                "[red]fails[/]" if fault else "intact",
            )
    out = Console(width=None if sys.stdout.isatty() else 160)
    out.print(table)
    for line in notes:
        out.print(f"[yellow]note[/] {escape(line)}", soft_wrap=True)
    for line in faults:
        out.print(f"[red]landed file fails verification[/] {escape(line)}", soft_wrap=True)
    return 1 if faults else 0
