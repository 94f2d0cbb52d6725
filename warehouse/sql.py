"""SQL quoting for the statements the build writes itself (DuckDB's syntax, which is
PostgreSQL's): an identifier in double quotes, a string literal in single quotes, each
with its quote doubled. Values go in as parameters wherever DuckDB takes one."""

from pathlib import Path


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: str | Path) -> str:
    return "'" + str(value).replace("'", "''") + "'"
