"""Publish the warehouse: a fresh, self-contained DuckDB file written from the build database,
swapped into place atomically. The export set holds it (exports/warehouse.duckdb) and
warehouse.duckdb is a link to it, so the warehouse and the exports are published as one.

What users read is copied as tables, with the descriptions persist_docs gave them as
comments. Nothing in the published file refers to the build machine (the build's staging
views read data/raw by absolute path; they stay in the build database), so the file can be
copied or moved anywhere, and a later failed build cannot change what it shows."""

import fcntl
import os
import shutil
import sys
import time
from pathlib import Path

import duckdb

from ingest.errors import is_disk_full
from warehouse.errors import PublishError
from warehouse.sql import ident, literal

PUBLISHED_SCHEMAS = ("marts", "reference")
SNAPSHOT = "warehouse.duckdb"  # the warehouse's name in the export set
# The oldest storage format of DuckDB 1.x, so that the DuckDB CLI from `make setup` and the 1.x
# drivers inside today's BI tools open the file (this DuckDB's default format they cannot
# read). DuckDB 1.1 and later open it (tests/test_exports.py opens it with 1.1.3); 1.0 cannot
# read the primary-key indexes DuckDB 2 writes even in this format.
STORAGE_VERSION = "v1.0.0"
OLDEST_READER = "1.1"


def publish(build_db: Path, dest: Path, schemas: tuple[str, ...] = PUBLISHED_SCHEMAS) -> None:
    """Write `schemas` of `build_db` into a new file, then replace `dest` with it."""
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    try:
        with duckdb.connect() as con:
            con.execute(f"attach {literal(tmp)} as new (storage_version '{STORAGE_VERSION}')")
            con.execute(f"attach {literal(build_db)} as build (read_only)")
            con.execute("use new")
            _copy(con, schemas)
            con.execute("detach build")
            con.execute("checkpoint new")
            con.execute("use memory")
            con.execute("detach new")
        _warn_if_open_read_write(dest)
        # A client that wrote to the old file leaves its WAL beside it; beside the new file it
        # would stop every connection ("WAL does not match database file").
        Path(f"{dest}.wal").unlink(missing_ok=True)
        os.replace(tmp, dest)
    except (OSError, duckdb.Error) as exc:
        if is_disk_full(exc):
            raise PublishError(
                f"the disk is full: cannot write the warehouse in {dest.parent}. Free some "
                f"space and run the build again; {dest.name} is unchanged."
            ) from exc
        raise
    finally:
        for leftover in (tmp, Path(f"{tmp}.wal")):
            leftover.unlink(missing_ok=True)


def link_warehouse(dest: Path, snapshot: Path) -> None:
    """Make `dest` (warehouse.duckdb, where users open it) a symbolic link to the export
    set's snapshot, so that the one exchange that publishes the exports folder publishes the
    warehouse with it: no moment, and no kill, leaves the two at different versions. The
    link is relative where it can be, so a moved or copied repository keeps it; DuckDB
    follows it (and keeps a WAL beside the file it points to). Made before the exchange: it
    points to the old set's snapshot until the exchange puts the new one in its place."""
    _warn_if_open_read_write(dest)
    if dest.resolve() == snapshot.resolve():  # WAREHOUSE set to the snapshot itself
        return
    target = os.path.relpath(snapshot, dest.parent)
    if not (dest.is_symlink() and os.readlink(dest) == target):
        tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        try:
            os.symlink(target, tmp)
        except OSError as exc:
            if is_disk_full(exc):
                raise
            raise PublishError(
                f"cannot make {dest} a link to {snapshot} ({exc.strerror}): put WAREHOUSE "
                "on a filesystem that holds symbolic links. Nothing was published."
            ) from exc
        os.replace(tmp, dest)  # a warehouse file an earlier version published: replaced
    # A client that wrote to that file left its WAL beside it: beside the link it would stop
    # every connection ("WAL does not match database file").
    Path(f"{dest}.wal").unlink(missing_ok=True)


def remove_leftovers(dest: Path, exports: Path) -> list[Path]:
    """What a killed build left beside the warehouse and the exports (temporary files and
    their WALs, scratch and old export sets). Only under the build lock: then none is in
    use. Returns what it removed."""
    found = [
        *dest.parent.glob(f".{dest.name}.tmp-*"),
        *exports.parent.glob(f".{exports.name}.tmp-*"),
        *exports.parent.glob(f".{exports.name}.old-*"),
    ]
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    return found


def pause_for_tests(moment: str) -> None:
    """WAREHOUSE_TEST_PAUSE=<moment> stops the publish there, saying so, until the process is
    killed: the tests kill a build at the moments that matter and check the next one heals."""
    if os.environ.get("WAREHOUSE_TEST_PAUSE") == moment:
        print(f"publish: paused {moment} (WAREHOUSE_TEST_PAUSE)", file=sys.stderr, flush=True)
        time.sleep(3600)


def _copy(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> None:
    """Every table and view of `schemas` becomes a table (tables keep their constraints),
    created in build order, with its table and column comments: one script a table (a
    statement each, for some 600 comments, made the publish a third slower)."""
    relations = con.execute(
        """
        select schema_name, table_name, sql, comment, table_oid as oid from duckdb_tables()
        where database_name = 'build' and schema_name in ?
        union all
        select schema_name, view_name, null, comment, view_oid from duckdb_views()
        where database_name = 'build' and schema_name in ? and not internal
        order by oid""",
        [list(schemas), list(schemas)],
    ).fetchall()
    columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, name, column, text in con.execute(
        """select schema_name, table_name, column_name, comment from duckdb_columns()
        where database_name = 'build' and schema_name in ? and comment is not null
        order by column_index""",
        [list(schemas)],
    ).fetchall():
        columns.setdefault((schema, name), []).append((column, text))
    for schema in sorted({r[0] for r in relations}):
        con.execute(f"create schema {ident(schema)}")
    for schema, name, create, comment, _ in relations:
        target = f"{ident(schema)}.{ident(name)}"
        source = f"build.{target}"
        if create:  # CREATE TABLE marts.x(...): lands in the new file, the default catalog
            script = [create, f"insert into {target} select * from {source}"]
        else:
            script = [f"create table {target} as select * from {source}"]
        if comment:
            script.append(f"comment on table {target} is {literal(comment)}")
        script += [
            f"comment on column {target}.{ident(column)} is {literal(text)}"
            for column, text in columns.get((schema, name), [])
        ]
        con.execute(";\n".join(script))


def _warn_if_open_read_write(dest: Path) -> None:
    """DuckDB locks a file it opens read-write; such a client keeps the old file (and any
    change it makes to it is lost), so say so. Readers are not disturbed."""
    try:
        fd = os.open(dest, os.O_RDONLY)
    except (FileNotFoundError, IsADirectoryError):
        return
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        print(
            f"warning: a program has {dest} open read-write. It keeps the old copy; the new "
            "one is in place for every new connection. Open the warehouse read-only.",
            file=sys.stderr,
        )
    finally:
        os.close(fd)
