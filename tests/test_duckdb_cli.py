"""`.venv/bin/duckdb` (installed by `make setup`, warehouse/serve/shell.py) runs the DuckDB the
build uses: its version is the Python package's, and it answers as DuckDB's shell does for the
options the README shows."""

import json
import subprocess

import duckdb
import pytest

from tests.conftest import REPO

CLI = REPO / ".venv" / "bin" / "duckdb"


def cli(*args, stdin: str | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CLI, *map(str, args)], input=stdin, capture_output=True, text=True, cwd=cwd
    )


def test_cli_version_is_the_python_packages():
    done = cli("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == f"v{duckdb.__version__}"


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "my db.duckdb"  # a path with a space
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.t as select 1 as n, 'Côte d''Ivoire' as name")
    return path


def test_cli_answers_in_csv_json_and_from_stdin(database, tmp_path):
    done = cli("-readonly", database, "-csv", "-c", "select * from marts.t")
    assert (done.returncode, done.stdout) == (0, "n,name\n1,Côte d'Ivoire\n"), done.stderr
    done = cli(database, "-json", "-c", "select n from marts.t; select n + 1 as m from marts.t")
    assert json.loads(done.stdout) == [{"m": 2}]
    done = cli(database, "-csv", stdin="select count(*) as rows from marts.t;\n", cwd=tmp_path)
    assert done.stdout == "rows\n1\n"
    assert "│" in cli(database, "-c", "select 1 as n").stdout  # DuckDB's box by default


def test_cli_read_only_refuses_writes_and_errors_exit_non_zero(database):
    wrote = cli("-readonly", database, "-c", "create table marts.mine as select 1")
    assert wrote.returncode == 1 and "read-only" in wrote.stderr
    bad = cli(database, "-c", "select * from marts.missing")
    assert bad.returncode == 1 and "Table with name missing does not exist" in bad.stderr
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select count(*) from duckdb_tables()").fetchone() == (1,)


def test_cli_dot_commands(database):
    from warehouse.serve.shell import dot_command

    with duckdb.connect(str(database), read_only=True) as con:
        assert dot_command(con, ".mode csv", "box") == "csv"
        assert dot_command(con, ".mode nonsense", "box") == "box"
    done = cli(database, "-csv", "-cmd", "select 'first' as x", "-c", "select 2 as y")
    assert done.stdout == "x\nfirst\ny\n2\n"
    done = cli(database, stdin=".mode csv\n.tables\nselect\n  n from marts.t;\n.quit\nselect 9;\n")
    assert done.stdout == "schema_name,table_name\nmarts,t\nn\n1\n"
