"""`.venv/bin/duckdb`: a DuckDB command line on the Python package the build uses, so its
DuckDB is the build's (`duckdb --version` prints the package's version). PyPI's `duckdb-cli`,
DuckDB's own shell, has no release for DuckDB 2.0 (its last is 1.5.6), and a 1.x shell cannot
open the build's database nor run the SQL exactly as the build does.

It takes the DuckDB shell's common options: `duckdb [-readonly] [FILE] [-csv | -json |
-markdown | -box] [-cmd SQL]... [-c SQL]`; without `-c` it reads SQL from standard input, or
prompts (`D `) with history and the dot commands `.tables`, `.schema [TABLE]`, `.mode MODE`,
`.help` and `.quit`."""

import argparse
import csv
import json
import sys

import duckdb

MODES = ("box", "csv", "json", "markdown")
HELP = """.tables             list the tables and views
.schema [TABLE]     the CREATE statements (of one table)
.mode MODE          output as box, csv, json or markdown
.quit, .exit        leave"""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.version:
        print(f"v{duckdb.__version__} (Python package duckdb; warehouse/serve/shell.py)")
        return 0
    try:
        con = duckdb.connect(args.file, read_only=args.readonly)
    except duckdb.Error as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    mode = next((m for m in MODES if getattr(args, m)), "box")
    for sql in args.cmd:
        if not run(con, sql, mode):
            return 1
    if args.c is not None:
        return 0 if run(con, args.c, mode) else 1
    return session(con, mode, interactive=sys.stdin.isatty())


def session(con: duckdb.DuckDBPyConnection, mode: str, interactive: bool) -> int:
    """Statements (ended by `;`) and dot commands, typed at a prompt or read from stdin."""
    if interactive:
        import readline  # noqa: F401 (line editing and history for input())

        print(f'DuckDB v{duckdb.__version__} (Python package). Enter ".help" for usage hints.')
    failed, pending = False, list[str]()
    while True:
        try:
            line = input(("· " if pending else "D ") if interactive else "")
        except EOFError:
            break
        except KeyboardInterrupt:
            print()
            pending = []
            continue
        if not pending and line.startswith("."):
            if line.split()[0] in (".quit", ".exit"):
                break
            mode = dot_command(con, line, mode)
            continue
        pending.append(line)
        if line.rstrip().endswith(";"):
            failed |= not run(con, "\n".join(pending), mode)
            pending = []
    if pending:
        failed |= not run(con, "\n".join(pending), mode)
    return 1 if failed and not interactive else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duckdb", description=__doc__, add_help=False)
    parser.add_argument("file", nargs="?", default=":memory:")
    parser.add_argument("-readonly", action="store_true", help="open the database read-only")
    parser.add_argument("-c", metavar="SQL", help="run SQL and exit")
    parser.add_argument("-cmd", metavar="SQL", action="append", default=[], help="run SQL first")
    for mode in MODES:
        parser.add_argument(f"-{mode}", action="store_true", help=f"output as {mode}")
    parser.add_argument("-version", "--version", action="store_true", help="DuckDB's version")
    parser.add_argument("-help", "--help", "-h", action="help", help="this text")
    return parser


def run(con: duckdb.DuckDBPyConnection, sql: str, mode: str) -> bool:
    """Run the statements; print the last one's rows, if it returns any. False on an error."""
    if not sql.strip():
        return True
    try:
        relation = con.sql(sql)
        if relation is not None:
            show(relation, mode)
    except duckdb.Error as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return False
    return True


def show(relation: duckdb.DuckDBPyRelation, mode: str) -> None:
    if mode == "box":
        relation.show(max_width=10_000)
        return
    columns, rows = relation.columns, relation.fetchall()
    if mode == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif mode == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        print(json.dumps(records, default=str, ensure_ascii=False))
    else:
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
        for row in rows:
            print("| " + " | ".join("" if v is None else str(v) for v in row) + " |")


def dot_command(con: duckdb.DuckDBPyConnection, line: str, mode: str) -> str:
    """Run one dot command; returns the output mode (`.mode` changes it)."""
    name, *args = line.split()
    if name == ".mode" and args and args[0] in MODES:
        return args[0]
    if name == ".tables":
        run(con, "select schema_name, table_name from duckdb_tables() order by all", mode)
    elif name == ".schema":
        where = " where table_name = '{}'".format(args[0].replace("'", "''")) if args else ""
        run(con, f"select sql from duckdb_tables(){where} order by schema_name, table_name", mode)
    else:
        print(HELP)
    return mode


if __name__ == "__main__":
    sys.exit(main())
