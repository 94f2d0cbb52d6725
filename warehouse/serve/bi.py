"""`make bi-postgres`: every exported table into a PostgreSQL schema, for BI tools that speak
PostgreSQL and should never hold the DuckDB file a build replaces.

The connection is a libpq conninfo (a string or a dict of its keywords); an empty one means
libpq's own defaults, the PG* environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD,
PGDATABASE), as `make bi-postgres` passes. What to load into comes as BiSettings
(warehouse/settings.py), which the command line reads from BI_* once. The loader replaces only
what it made:

- Its schema (BI_SCHEMA, `ai_energy`) carries its mark, a comment starting "AI energy
  warehouse, data version". A schema without it, `public` included, is refused untouched.
- The tables load, in one transaction, into a new schema `<schema>__loading` (a killed load's
  leftover is removed first). Readers are not disturbed meanwhile.
- A second, short transaction swaps it in: it locks the old tables (waiting at most
  BI_LOCK_TIMEOUT, 200ms, so a reader queued behind it waits no longer), renames the old
  schema away and the new one in, and drops the old. A reader holding the old tables makes it
  give up, wait a second and try again, BI_LOCK_RETRIES times (10); then it stops naming the
  sessions that hold them (pid, user, application, since when), and nothing changed.
- Objects of others that depend on the old tables (a view in another schema, a foreign key)
  or sit in the schema (a view, a function) would go with it: the load names them and stops,
  unless BI_DROP_DEPENDENTS=1 says to drop them (it then names what it dropped).

Tables and columns get the catalog's descriptions as comments. A read-only role gets USAGE on
the schema and SELECT on its tables, nothing else: PostgreSQL lets every role (PUBLIC) create
temporary tables, tables in schema public and large objects, so the load revokes those in this
database, and checks that the reader can create nothing before it swaps."""

import contextlib
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psycopg
from psycopg import pq, sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from warehouse.errors import BiError
from warehouse.settings import BiSettings

Conninfo = str | Mapping[str, Any]  # libpq's: "host=... port=..." or its keywords

PG_TYPES = (  # DuckDB type prefix -> PostgreSQL type (DECIMAL keeps its precision)
    ("TIMESTAMP WITH TIME ZONE", "timestamptz"),
    ("TIMESTAMP", "timestamp"),
    ("DATE", "date"),
    ("TIME", "time"),
    ("BOOLEAN", "boolean"),
    ("VARCHAR", "text"),
    ("DOUBLE", "double precision"),
    ("FLOAT", "real"),
    ("DECIMAL", "numeric"),
    ("HUGEINT", "numeric"),
    ("UBIGINT", "numeric"),
    ("BIGINT", "bigint"),
    ("INTEGER", "integer"),
    ("SMALLINT", "smallint"),
    ("TINYINT", "smallint"),
)


MARK = "AI energy warehouse, data version "  # how a schema comment starts: the loader's own
LOADING, OLD = "__loading", "__old"  # suffixes of the schema being loaded and the one replaced
RETRY_PAUSE_S = 1.0  # between attempts to lock the old tables: readers go on meanwhile
# Large objects: PUBLIC may create them through these (lo_import from a file is the
# superuser's alone by default).
LO_CREATORS = ("lo_creat(integer)", "lo_create(oid)", "lo_from_bytea(oid, bytea)")


def pg_type(duckdb_type: str) -> str:
    kind = duckdb_type.upper()
    for prefix, name in PG_TYPES:
        if kind.startswith(prefix):
            return kind.replace("DECIMAL", "numeric") if prefix == "DECIMAL" else name
    return "text"


def load(exports: Path, conninfo: Conninfo, bi: BiSettings) -> str:
    """Load the exports into PostgreSQL at `conninfo` ("" for libpq's defaults), as `bi` says."""
    catalog_path = exports / "catalog.json"
    if not catalog_path.is_file():
        raise BiError(f"no exports in {exports}: run `make build` first")
    catalog = json.loads(catalog_path.read_text())
    schema, reader, drop = bi.schema, bi.reader, bi.drop_dependents
    _check_name(schema)
    loading = schema + LOADING
    with _connect(conninfo) as conn:
        try:
            with conn.cursor() as cur:
                for name in (schema, loading, schema + OLD):
                    _check_owned(cur, name)
                _stop_for_dependents(cur, schema, drop)  # before the work, not only at the swap
                _drop_ours(cur, loading, drop)  # a killed load's
            with conn.transaction(), conn.cursor() as cur:
                rows = _load(cur, exports, catalog, loading, reader, bi.reader_password)
        except psycopg.Error as exc:
            raise BiError(
                f"{exc}. The transaction was rolled back: schema {schema} is as it was."
            ) from exc
        try:
            dropped = _swap(conn, schema, loading, bi)
        except BaseException:
            with conn.cursor() as cur, contextlib.suppress(psycopg.Error, BiError):
                _drop_ours(cur, loading, drop)  # the loaded tables, which did not go in
            raise
        database = conn.info.dbname
    said = f"; dropped, as BI_DROP_DEPENDENTS asked: {', '.join(dropped)}" if dropped else ""
    return (
        f"bi-postgres: {len(catalog['tables'])} tables ({rows} rows, data version "
        f"{catalog['data_version']}) in schema {schema} of database {database}; read-only "
        f"role {reader}{said}"
    )


def _connect(conninfo: Conninfo) -> psycopg.Connection:
    given: dict[str, Any] = (
        conninfo_to_dict(conninfo) if isinstance(conninfo, str) else dict(conninfo)
    )
    try:  # what is not given, libpq takes from its PG* variables
        return psycopg.connect(make_conninfo("", **given), autocommit=True)
    except psycopg.Error as exc:
        raise BiError(f"cannot connect to PostgreSQL ({_where(given)}): {exc}") from exc


def _where(given: dict) -> str:
    """Host, port, user and database as libpq takes them: given, else its defaults (the
    PG* variables among them)."""
    defaults = {o.keyword.decode(): o.val for o in pq.Conninfo.get_defaults()}
    found = {k: given.get(k) or defaults.get(k) for k in ("host", "port", "user", "dbname")}
    return ", ".join(
        f"{k}={v.decode() if isinstance(v, bytes) else v}" for k, v in found.items() if v
    )


def _check_name(schema: str) -> None:
    if schema in ("public", "information_schema") or schema.startswith("pg_"):
        raise BiError(
            f"BI_SCHEMA={schema}: refused; the loader replaces its schema whole, so it loads "
            "only into a schema of its own (the default is ai_energy)"
        )
    if len((schema + LOADING).encode()) > 63:  # PostgreSQL would cut the name short
        raise BiError(f"BI_SCHEMA={schema}: too long; at most {63 - len(LOADING)} bytes")


def _check_owned(cur, schema: str) -> None:
    """Refuse a schema the loader did not make (one whose comment lacks its mark)."""
    cur.execute(
        "select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = %s",
        [schema],
    )
    found = cur.fetchone()
    if found and not (found[0] or "").startswith(MARK):
        raise BiError(
            f"schema {schema} exists and `make bi-postgres` did not make it (its comment does "
            f"not start with {MARK!r}): refused, nothing changed. Choose another BI_SCHEMA, or "
            "drop that schema yourself if it is yours to drop."
        )


def _dependents(cur, schema: str) -> list[str]:
    """Objects that are not the loader's tables and would go with the schema: in it (views,
    functions, ...) or elsewhere depending on its tables or types (views, foreign keys)."""
    cur.execute(
        """
        with ns as (select oid from pg_namespace where nspname = %(schema)s),
        refs as (
          select d.classid, d.objid from pg_depend d
          where d.deptype = 'n' and (
            (d.refclassid = 'pg_namespace'::regclass and d.refobjid in (select oid from ns))
            or (d.refclassid = 'pg_class'::regclass and d.refobjid in
                (select oid from pg_class where relnamespace in (select oid from ns)))
            or (d.refclassid = 'pg_type'::regclass and d.refobjid in
                (select oid from pg_type where typnamespace in (select oid from ns))))),
        objects as (  -- a view's rule stands for the view
          select coalesce(r.ev_class, refs.objid) as objid,
                 case when r.oid is null then refs.classid else 'pg_class'::regclass end as classid
          from refs left join pg_rewrite r
            on refs.classid = 'pg_rewrite'::regclass and r.oid = refs.objid)
        select distinct pg_describe_object(classid, objid, 0) from objects
        where not (classid = 'pg_class'::regclass and objid in (
          select oid from pg_class
          where relnamespace in (select oid from ns) and relkind = 'r'))
        order by 1""",
        {"schema": schema},
    )
    return [name for (name,) in cur.fetchall()]


def _stop_for_dependents(cur, schema: str, drop: bool) -> list[str]:
    """The dependents, when `drop` (BI_DROP_DEPENDENTS) allows dropping them; else stop
    naming them."""
    found = _dependents(cur, schema)
    if found and not drop:
        raise BiError(
            f"replacing schema {schema} would drop what others made on it: "
            f"{'; '.join(found)}. Nothing changed. Move or drop them yourself, or run again "
            "with BI_DROP_DEPENDENTS=1 to have them dropped."
        )
    return found


def _drop_ours(cur, schema: str, drop: bool) -> None:
    """Drop a schema the loader made, with its tables, unless others depend on it."""
    cur.execute("select 1 from pg_namespace where nspname = %s", [schema])
    if cur.fetchone():
        _check_owned(cur, schema)
        _stop_for_dependents(cur, schema, drop)
        cur.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(schema)))


def _load(cur, exports: Path, catalog: dict, loading: str, reader: str, password) -> int:
    cur.execute(sql.SQL("create schema {}").format(sql.Identifier(loading)))
    note = f"{MARK}{catalog['data_version']} ({catalog['built_at']}); made by `make bi-postgres`"
    _comment(cur, "schema", sql.Identifier(loading), note)
    rows = sum(_load_table(cur, exports, loading, table) for table in catalog["tables"])
    _grant_read_only(cur, loading, reader, password)
    return rows


def _swap(conn, schema: str, loading: str, bi: BiSettings) -> list[str]:
    """Swap the loaded schema in, in one short transaction; returns the dependents it
    dropped (BI_DROP_DEPENDENTS). The old tables are locked with a lock_timeout, so readers
    queue behind the swap no longer than that; on a timeout it tries again, then stops."""
    timeout, attempts = bi.lock_timeout, bi.lock_retries
    for attempt in range(1, attempts + 1):
        try:
            with conn.transaction(), conn.cursor() as cur:
                cur.execute(sql.SQL("set local lock_timeout = {}").format(sql.Literal(timeout)))
                return _swap_once(cur, schema, loading, bi.drop_dependents)
        except psycopg.errors.LockNotAvailable:
            with conn.cursor() as cur:
                holders = _holders(cur, schema)
            if attempt < attempts:
                time.sleep(RETRY_PAUSE_S)
        except psycopg.Error as exc:
            raise BiError(f"{exc}. Rolled back: schema {schema} is as it was.") from exc
    raise BiError(
        f"schema {schema} is in use: its tables could not be locked to swap the new ones in "
        f"({attempts} attempts, each waiting at most {timeout}; BI_LOCK_RETRIES, "
        f"BI_LOCK_TIMEOUT). Held by {'; '.join(holders) or 'a session that has ended since'}. "
        f"Nothing changed: schema {schema} is as it was. End that transaction (or `select "
        "pg_terminate_backend(<pid>)`) and run `make bi-postgres` again."
    )


def _swap_once(cur, schema: str, loading: str, drop: bool) -> list[str]:
    cur.execute(
        "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = %s and c.relkind = 'r' order by 1",
        [schema],
    )
    tables = [sql.Identifier(schema, name) for (name,) in cur.fetchall()]
    cur.execute("select 1 from pg_namespace where nspname = %s", [schema])
    if not cur.fetchone():
        _rename(cur, loading, schema)
        return []
    if tables:
        cur.execute(
            sql.SQL("lock table {} in access exclusive mode").format(sql.SQL(", ").join(tables))
        )
    dropped = _stop_for_dependents(cur, schema, drop)  # again, now that nothing can change them
    _rename(cur, schema, schema + OLD)
    _rename(cur, loading, schema)
    cur.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(schema + OLD)))
    return dropped


def _rename(cur, old: str, new: str) -> None:
    cur.execute(
        sql.SQL("alter schema {} rename to {}").format(sql.Identifier(old), sql.Identifier(new))
    )


def _holders(cur, schema: str) -> list[str]:
    """The other sessions holding a lock on the schema's tables (any lock stops the swap's),
    as pg_stat_activity shows them (to a user without pg_read_all_stats, without times)."""
    cur.execute(
        """
        select a.pid, a.usename, a.application_name, a.state, a.xact_start, a.query_start
        from pg_stat_activity a
        where a.pid <> pg_backend_pid() and a.pid in (
          select l.pid from pg_locks l
          join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
          where l.granted and n.nspname = %s)
        order by a.pid""",
        [schema],
    )
    return [
        f"session pid {pid} (user {user}, application '{app or ''}'"
        + (f", {state}" if state else "")
        + (f", transaction open since {xact:%Y-%m-%d %H:%M:%S %Z}" if xact else "")
        + (f", last query started {query:%Y-%m-%d %H:%M:%S %Z}" if query else "")
        + ")"
        for pid, user, app, state, xact, query in cur.fetchall()
    ]


def _load_table(cur, exports: Path, schema: str, table: dict) -> int:
    name = sql.Identifier(schema, table["name"])
    columns = table["columns"]
    cur.execute(
        sql.SQL("create table {} ({})").format(
            name,
            sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(c["name"]), sql.SQL(pg_type(c["type"])))
                for c in columns
            ),
        )
    )
    path = exports / table["files"]["csv"]["path"]
    copy = sql.SQL("copy {} ({}) from stdin (format csv, header true)").format(
        name, sql.SQL(", ").join(sql.Identifier(c["name"]) for c in columns)
    )
    try:
        with cur.copy(copy) as pg, path.open("rb") as src:
            while chunk := src.read(1 << 20):
                pg.write(chunk)
    except psycopg.Error as exc:
        raise type(exc)(f"loading {table['name']} from {path}: {exc}") from exc
    _comment(cur, "table", name, table["description"])
    for column in columns:
        _comment(
            cur,
            "column",
            sql.Identifier(schema, table["name"], column["name"]),
            column["description"],
        )
    return table["row_count"]


def _comment(cur, kind: str, target: sql.Composable, text: str) -> None:
    if text:
        cur.execute(
            sql.SQL("comment on {} {} is {}").format(sql.SQL(kind), target, sql.Literal(text))
        )


def _grant_read_only(cur, schema: str, reader: str, password: str | None) -> None:
    """USAGE on the schema and SELECT on its tables. PUBLIC's defaults let any role create
    temporary tables, tables in schema public and large objects: revoked in this database,
    then checked, since a loader that is neither superuser nor database owner cannot revoke
    them (PostgreSQL only warns). A role the DBA made is kept."""
    role, ident = sql.Literal(reader), sql.Identifier(reader)
    cur.execute(sql.SQL("select 1 from pg_roles where rolname = {}").format(role))
    if not cur.fetchone():
        cur.execute(sql.SQL("create role {} nologin").format(ident))
    if password:
        cur.execute(sql.SQL("alter role {} login password {}").format(ident, sql.Literal(password)))
    database = sql.Identifier(cur.connection.info.dbname)
    for statement in _revokes(cur.connection.info.dbname):
        cur.execute(statement)
    cur.execute(sql.SQL("grant connect on database {} to {}").format(database, ident))
    cur.execute(sql.SQL("grant usage on schema {} to {}").format(sql.Identifier(schema), ident))
    cur.execute(
        sql.SQL("grant select on all tables in schema {} to {}").format(
            sql.Identifier(schema), ident
        )
    )
    _check_creates_nothing(cur, reader)


def _revokes(database: str) -> list[sql.Composable]:
    db = sql.Identifier(database)
    return [
        sql.SQL("revoke create, temporary on database {} from public").format(db),
        sql.SQL("revoke create on schema public from public"),
        *(sql.SQL(f"revoke execute on function {f} from public") for f in LO_CREATORS),
    ]


def _check_creates_nothing(cur, reader: str) -> None:
    checks = {  # what the reader could do -> the test
        "create schemas": "has_database_privilege(%(r)s, current_database(), 'create')",
        "create temporary tables": "has_database_privilege(%(r)s, current_database(), 'temp')",
        "create tables in schema public": "has_schema_privilege(%(r)s, 'public', 'create')",
        "create large objects": "bool_or(has_function_privilege(%(r)s, f, 'execute'))",
        "write any large object (lo_compat_privileges is on)": (
            "current_setting('lo_compat_privileges')::bool"
        ),
    }
    cur.execute(
        f"select {', '.join(checks.values())} from unnest(%(f)s::text[]) f",
        {"r": reader, "f": list(LO_CREATORS)},
    )
    can = [what for what, yes in zip(checks, cur.fetchone(), strict=True) if yes]
    if can:
        todo = "; ".join(s.as_string(cur) for s in _revokes(cur.connection.info.dbname))
        raise BiError(
            f"the reader role {reader} could still {', '.join(can)}, and this user cannot "
            f"take that away. Have a superuser run: {todo}; set lo_compat_privileges off; "
            "then load again. Nothing changed."
        )
