"""`make bi-postgres`: every exported table into a PostgreSQL schema, for BI tools that speak
PostgreSQL and should never hold the DuckDB file a build replaces.

The connection comes from the standard PG* environment variables (PGHOST, PGPORT, PGUSER,
PGPASSWORD, PGDATABASE). Everything happens in one transaction: the tables are loaded into a
fresh schema beside the old one, which is then dropped and the new one renamed, so readers see
the old tables or the new ones, never half; any failure rolls it all back. Tables and columns
get the catalog's descriptions as comments. A read-only role gets USAGE on the schema and
SELECT on its tables, nothing else; since PostgreSQL lets every role (PUBLIC) create
temporary tables, the load revokes that in this database too, and CREATE on schema public."""

import json
import os
from pathlib import Path

import psycopg
from psycopg import sql

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


class BiError(Exception):
    pass


def pg_type(duckdb_type: str) -> str:
    kind = duckdb_type.upper()
    for prefix, name in PG_TYPES:
        if kind.startswith(prefix):
            return kind.replace("DECIMAL", "numeric") if prefix == "DECIMAL" else name
    return "text"


def settings() -> tuple[str, str, str | None]:
    """Schema, reader role and its password (BI_SCHEMA, BI_READER, BI_READER_PASSWORD)."""
    return (
        os.environ.get("BI_SCHEMA", "ai_energy"),
        os.environ.get("BI_READER", "ai_energy_reader"),
        os.environ.get("BI_READER_PASSWORD") or None,
    )


def load(exports: Path) -> str:
    catalog_path = exports / "catalog.json"
    if not catalog_path.is_file():
        raise BiError(f"no exports in {exports}: run `make build` first")
    catalog = json.loads(catalog_path.read_text())
    schema, reader, password = settings()
    try:
        conn = psycopg.connect("", autocommit=True)  # libpq reads the PG* variables
    except psycopg.Error as exc:
        where = ", ".join(
            f"{v}={os.environ[v]}"
            for v in ("PGHOST", "PGPORT", "PGUSER", "PGDATABASE")
            if v in os.environ
        )
        raise BiError(f"cannot connect to PostgreSQL ({where or 'libpq defaults'}): {exc}") from exc
    with conn:
        try:
            with conn.transaction(), conn.cursor() as cur:
                rows = _load(cur, exports, catalog, schema, reader, password)
        except psycopg.Error as exc:
            raise BiError(
                f"{exc}. The transaction was rolled back: schema {schema} is as it was."
            ) from exc
        database = conn.info.dbname
    return (
        f"bi-postgres: {len(catalog['tables'])} tables ({rows} rows, data version "
        f"{catalog['data_version']}) in schema {schema} of database {database}; read-only "
        f"role {reader}"
    )


def _load(cur, exports: Path, catalog: dict, schema: str, reader: str, password) -> int:
    loading = f"{schema}__loading"
    cur.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(loading)))
    cur.execute(sql.SQL("create schema {}").format(sql.Identifier(loading)))
    rows = sum(_load_table(cur, exports, loading, table) for table in catalog["tables"])
    cur.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))
    cur.execute(
        sql.SQL("alter schema {} rename to {}").format(
            sql.Identifier(loading), sql.Identifier(schema)
        )
    )
    note = f"AI energy warehouse, data version {catalog['data_version']} ({catalog['built_at']})"
    _comment(cur, "schema", sql.Identifier(schema), note)
    _grant_read_only(cur, schema, reader, password)
    return rows


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
    """USAGE on the schema and SELECT on its tables; no temporary tables in this database,
    no CREATE on public (PUBLIC's defaults allow both). A role the DBA made is kept."""
    role, ident = sql.Literal(reader), sql.Identifier(reader)
    cur.execute(sql.SQL("select 1 from pg_roles where rolname = {}").format(role))
    if not cur.fetchone():
        cur.execute(sql.SQL("create role {} nologin").format(ident))
    if password:
        cur.execute(sql.SQL("alter role {} login password {}").format(ident, sql.Literal(password)))
    database = sql.Identifier(cur.connection.info.dbname)
    cur.execute(sql.SQL("revoke temporary on database {} from public").format(database))
    cur.execute(sql.SQL("revoke create on schema public from public"))
    cur.execute(sql.SQL("grant connect on database {} to {}").format(database, ident))
    cur.execute(sql.SQL("grant usage on schema {} to {}").format(sql.Identifier(schema), ident))
    cur.execute(
        sql.SQL("grant select on all tables in schema {} to {}").format(
            sql.Identifier(schema), ident
        )
    )
