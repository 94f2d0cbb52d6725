"""The exports: every table of the marts schema as Parquet and CSV, with a catalog, a
Frictionless data package, a citation file, a read-only DuckDB snapshot and the report.

Which tables: whatever the marts schema holds (dbt's marts and dimensions, and the build's own
tables such as dim_build), so a new mart is exported with no change here. The set is written
into a scratch folder beside `exports/` and swapped in whole (one atomic exchange of the two
folders), so readers see the old set or the new one, and a build that fails anywhere before
the swap leaves the old set exactly as it was."""

import ctypes
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from expectations.results import TABLE as VALIDATION_TABLE
from expectations.results import read_table, write_page
from ingest.errors import is_disk_full
from ingest.paths import REPO_ROOT
from warehouse.errors import ExportError
from warehouse.lock import make_dir
from warehouse.publish import catalog
from warehouse.publish.catalog import Table
from warehouse.publish.database import (
    OLDEST_READER,
    SNAPSHOT,
    STORAGE_VERSION,
    pause_for_tests,
    publish,
)
from warehouse.publish.lineage import Manifest
from warehouse.sql import ident, literal

SCHEMA = "marts"
BUILD_TABLE = "dim_build"
# Tables about the build rather than the data (when it ran, landed, validated): left out of
# data_sha256, so that a rebuild of the same files with the same code gives the same hash.
BUILD_RECORDS = (BUILD_TABLE, VALIDATION_TABLE, "dim_source_landing")
BUILD_DESCRIPTION = (
    "This build: its data version (date and content hash) to cite, and the tools that made it"
)
BUILD_COLUMNS = {  # the build's own table: name -> (type, description), written as comments
    "data_version": (
        "varchar",
        "The data version to cite: build date (UTC) and the first 12 hex digits of data_sha256",
    ),
    "data_sha256": (
        "varchar",
        "sha256 over every exported table's name and CSV sha256 (sorted by name), but the "
        "build's own records (this table, validation_results, dim_source_landing: when it ran, "
        "validated and landed): equal content, equal hash, whatever the build date or machine",
    ),
    "built_at": ("timestamp with time zone", "When the build ran, UTC"),
    "code_version": ("varchar", "The repository's commit (git describe); null outside git"),
    "dbt_version": ("varchar", "dbt-core version that built the marts"),
    "duckdb_version": ("varchar", "DuckDB version that wrote the files"),
    "duckdb_storage_version": (
        "varchar",
        f"Storage format of warehouse.duckdb: DuckDB {OLDEST_READER} and later versions open it",
    ),
    "table_count": ("integer", "Tables exported, this one included (count)"),
    "row_count": ("bigint", "Rows in those tables, this table's one row included (count)"),
}


def export(
    build_db: Path,
    manifest: Path,
    out: Path,
    publish_warehouse: Callable[[], None],
    rebuilt: set[str] | None = None,
):
    """Write the export set (warehouse snapshot included) from `build_db` into a scratch
    folder, then `publish_warehouse` (link warehouse.duckdb to the set's snapshot), then swap
    the set in: one exchange publishes both. Returns the build's facts (data version...).
    With `rebuilt`, the models dbt built again in this database since it published `out`:
    the other tables' Parquet and CSV are taken from `out` where they are intact.
    Anything that fails, or a kill at any moment, leaves `out` and the warehouse at one
    version; the next build removes the scratch folder."""
    for stale in out.parent.glob(f".{out.name}.tmp-*"):  # a killed build's; the lock is ours
        shutil.rmtree(stale)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    make_dir(tmp)
    try:
        build = write(build_db, Manifest(manifest), tmp, out, rebuilt)
        publish_warehouse()
        pause_for_tests("before the swap")
        swap(tmp, out)
        pause_for_tests("after the swap")
        return build
    except (OSError, duckdb.Error) as exc:
        if is_disk_full(exc):
            raise ExportError(
                f"the disk is full: cannot write the exports in {out.parent}. Free some space "
                f"and run the build again; {out.name}/ and the warehouse are unchanged."
            ) from exc
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write(
    build_db: Path,
    manifest: Manifest,
    out: Path,
    published: Path | None = None,
    rebuilt: set[str] | None = None,
) -> dict:
    """The export set from `build_db` into `out`. With `rebuilt` (see `export`), the files of
    the tables neither dbt nor the GX suites wrote since `published` are linked from it."""
    from warehouse.publish.report import drawing_ahead, write_report  # plotly loads only here

    cache = build_db.parent / "report-cache"  # drawings of unchanged rows are kept
    with duckdb.connect(str(build_db)) as con, drawing_ahead(con.cursor(), cache):
        con.execute("set TimeZone = 'UTC'")  # instants written as UTC, ending in Z
        names = [n for n in _table_names(con) if n != BUILD_TABLE]
        kept = {}
        if published and rebuilt is not None:
            unchanged = set(names) - rebuilt - {VALIDATION_TABLE}
            kept = _kept_files(published, unchanged)
        tables = catalog.describe_tables(con, SCHEMA, names, manifest)
        for table in tables:
            if table.name in kept:
                _link_files(kept[table.name], table, out)
            else:
                _write_files(con, table, out)
        build = _build_facts(tables)
        _write_build_table(con, build)
        (build_table,) = catalog.describe_tables(con, SCHEMA, [BUILD_TABLE], manifest)
        _write_files(con, build_table, out)
        tables.append(build_table)
    publish(build_db, out / SNAPSHOT)
    sources = catalog.sources()
    _write_json(out / "catalog.json", catalog.catalog(tables, sources, build))
    _write_json(out / "datapackage.json", catalog.datapackage(tables, sources, build))
    (out / "CITATION.cff").write_text(
        catalog.citation(REPO_ROOT / "CITATION.cff", sources, build), encoding="utf-8"
    )
    write_report(out / SNAPSHOT, out / "report" / "index.html", build, cache)
    write_page(out / "validation" / "index.html", read_table(out / SNAPSHOT))
    return build


def _table_names(con) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = ? order by 1", [SCHEMA]
        ).fetchall()
    ]


def _write_files(con, table: Table, out: Path) -> None:
    """The table as Parquet (its own types) and CSV (UTF-8, ISO 8601 times, header = column
    names, which end in their unit), in one stable order: grain first, then every column.
    The Parquet file is read back and must hold exactly the table's rows."""
    relation = f"{SCHEMA}.{ident(table.name)}"
    names = [c["name"] for c in table.columns]
    order = ", ".join(f"{ident(c)} nulls last" for c in _unique(table.grain + names))
    ordered = f"select * from {relation} order by {order}"
    csv_columns = ", ".join(_csv_expression(c) for c in table.columns)
    paths = {"parquet": f"parquet/{table.name}.parquet", "csv": f"csv/{table.name}.csv"}
    for folder in ("parquet", "csv"):
        (out / folder).mkdir(exist_ok=True)
    parquet, csv = (literal(out / paths[f]) for f in ("parquet", "csv"))
    con.execute(f"copy ({ordered}) to {parquet} (format parquet, compression zstd)")
    con.execute(f"copy (select {csv_columns} from ({ordered})) to {csv} (format csv, header)")
    table.rows = con.execute(f"select count(*) from {relation}").fetchall()[0][0]
    _check_read_back(con, relation, parquet, table.rows)
    table.files = {fmt: _file_facts(out, path) for fmt, path in paths.items()}


def _kept_files(published: Path, unchanged: set[str]) -> dict[str, dict]:
    """The published set's catalog entries of the `unchanged` tables whose files are there
    and hold the bytes the catalog names (a file edited since is written again)."""
    if not unchanged or not (published / "catalog.json").is_file():
        return {}
    entries = json.loads((published / "catalog.json").read_text())["tables"]
    return {
        entry["name"]: {**entry, "folder": published}
        for entry in entries
        if entry["name"] in unchanged
        and all(_intact(published, facts) for facts in entry["files"].values())
    }


def _intact(folder: Path, facts: dict) -> bool:
    return (folder / facts["path"]).is_file() and _file_facts(folder, facts["path"]) == facts


def _link_files(entry: dict, table: Table, out: Path) -> None:
    """A table's last published files, hard-linked into the new set (the old set is removed
    once the new one is in place; a link keeps the bytes)."""
    for facts in entry["files"].values():
        dest = out / facts["path"]
        dest.parent.mkdir(exist_ok=True)
        try:
            os.link(entry["folder"] / facts["path"], dest)
        except OSError:  # a filesystem without hard links
            shutil.copyfile(entry["folder"] / facts["path"], dest)
    table.rows = entry["row_count"]
    table.files = entry["files"]


def _csv_expression(column: dict) -> str:
    """ISO 8601 for times: `2024-01-01T05:00:00`, and `...Z` for instants (UTC session)."""
    name, kind = ident(column["name"]), column["type"].upper()
    if kind.startswith("TIMESTAMP WITH TIME ZONE"):
        return f"replace(replace(cast({name} as varchar), ' ', 'T'), '+00', 'Z') as {name}"
    if kind.startswith("TIMESTAMP"):
        return f"replace(cast({name} as varchar), ' ', 'T') as {name}"
    return name


def _check_read_back(con, relation: str, parquet: str, rows: int) -> None:
    (read, missing) = con.execute(
        f"""select (select count(*) from read_parquet({parquet})),
                   (select count(*) from (select * from {relation}
                                          except all select * from read_parquet({parquet})))"""
    ).fetchall()[0]
    if read != rows or missing:
        raise ExportError(
            f"{parquet} read back does not match {relation}: {read} rows for {rows}, "
            f"{missing} of the table's rows missing or changed"
        )


def _file_facts(out: Path, path: str) -> dict:
    data = (out / path).read_bytes()
    return {"path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _build_facts(tables: list[Table]) -> dict:
    digest = hashlib.sha256()
    for table in sorted(tables, key=lambda t: t.name):
        if table.name in BUILD_RECORDS:  # about the build (its times), not the data
            continue
        digest.update(f"{table.name} {table.content_sha256}\n".encode())
    built_at = datetime.now(UTC)
    return {
        "data_version": f"{built_at:%Y-%m-%d}.{digest.hexdigest()[:12]}",
        "data_sha256": digest.hexdigest(),
        "built_at": built_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "code_version": _code_version(),
        "dbt_version": _dbt_version(),
        "duckdb_version": duckdb.__version__,
        "duckdb_storage_version": STORAGE_VERSION,
        "table_count": len(tables) + 1,  # and dim_build, written from these facts
        "row_count": sum(t.rows for t in tables) + 1,
    }


def _write_build_table(con, build: dict) -> None:
    columns = ", ".join(f"cast(? as {kind}) as {name}" for name, (kind, _) in BUILD_COLUMNS.items())
    target = f"{SCHEMA}.{BUILD_TABLE}"
    con.execute(f"create or replace table {target} as select {columns}", list(build.values()))
    con.execute(f"comment on table {target} is {literal(BUILD_DESCRIPTION)}")
    for name, (_, text) in BUILD_COLUMNS.items():
        con.execute(f"comment on column {target}.{name} is {literal(text)}")


def _code_version() -> str | None:
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    return done.stdout.strip() if done.returncode == 0 else None


def _dbt_version() -> str:
    from importlib.metadata import version

    return version("dbt-core")


def _write_json(path: Path, doc: dict) -> None:
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def swap(new: Path, out: Path) -> None:
    """Put `new` where `out` is, atomically where the kernel can (renameat2 exchanges the two
    folders in one step: the old set is then at `new`, for the caller to remove), else with
    two renames, removing the old set."""
    if not out.exists():
        os.rename(new, out)
    elif not _exchange(new, out):
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
        os.rename(new, out)
        shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
