"""`make bi-postgres` against a real PostgreSQL server this test starts on 127.0.0.1 (Debian's
postgresql package; .ci/run installs it): every exported table loaded with its comments, a
read-only role that can read but neither write nor create (large objects included), and a
failed load that leaves the previous tables as they were. The loader replaces only what it
made: a schema it did not make (`public` included) is refused, objects of others on its
tables stop the load unless BI_DROP_DEPENDENTS=1, and a reader holding its tables makes the
swap give up after BI_LOCK_RETRIES short waits, naming that session, without holding up other
readers."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import make, make_args, needs_system, query
from tests.test_exports import load
from warehouse.errors import BiError
from warehouse.serve.bi import load as load_bi
from warehouse.serve.bi_local import BiLocalError, pg_bin
from warehouse.settings import BiSettings

pytestmark = pytest.mark.build
READER, PASSWORD, SCHEMA = "bi_reader", "reader-secret", "ai_energy"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres() -> Iterator[dict]:
    """A throwaway server: initdb as the postgres user (initdb refuses root), password
    authentication over TCP on 127.0.0.1 only, stopped and removed afterwards."""
    try:
        server_bin = pg_bin()
    except BiLocalError:
        pytest.skip(needs_system("postgresql"))
    root = Path(tempfile.mkdtemp(prefix="pg-"))  # outside pytest's 0700 tmp: postgres reads it
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(root, "postgres")
    data, port = root / "data", _free_port()
    (root / "pw").write_text("admin-secret\n")
    if as_postgres:
        shutil.chown(root / "pw", "postgres")

    def run(*args):
        cmd = [*as_postgres, *map(str, args)]
        return subprocess.run(cmd, check=True, capture_output=True, text=True)

    run(
        server_bin / "initdb",
        "-D",
        data,
        "-U",
        "admin",
        "--pwfile",
        root / "pw",
        "--auth",
        "scram-sha-256",
        "--encoding",
        "UTF8",
    )
    run(
        server_bin / "pg_ctl",
        "-D",
        data,
        "-l",
        root / "log",
        "-w",
        "start",
        "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {root}",
    )
    env = {
        "PGHOST": "127.0.0.1",
        "PGPORT": str(port),
        "PGUSER": "admin",
        "PGPASSWORD": "admin-secret",
        "PGDATABASE": "postgres",
    }
    try:
        yield env
    finally:
        run(server_bin / "pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def bi_env(postgres: dict, **extra) -> dict:
    return {**postgres, "BI_READER": READER, "BI_READER_PASSWORD": PASSWORD, **extra}


def conninfo(postgres: dict) -> dict:
    """The server's libpq keywords, as `make bi-local` hands them to the loader."""
    keys = {"PGHOST": "host", "PGPORT": "port", "PGUSER": "user", "PGPASSWORD": "password",
            "PGDATABASE": "dbname"}  # fmt: skip
    return {keys[var]: value for var, value in postgres.items()}


BI = BiSettings(reader=READER, reader_password=PASSWORD)


def connect(postgres: dict, user="admin", password="admin-secret") -> psycopg.Connection:
    return psycopg.connect(
        host="127.0.0.1",
        port=postgres["PGPORT"],
        dbname="postgres",
        user=user,
        password=password,
        autocommit=True,
    )


@pytest.fixture(scope="module")
def loaded(built, postgres) -> dict:
    result = make(built, "bi-postgres", env=bi_env(postgres))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"in schema {SCHEMA}" in result.stderr and f"read-only role {READER}" in result.stderr
    return postgres


def test_every_exported_table_is_loaded_with_its_rows_and_comments(built, loaded):
    catalog = load(built, "catalog.json")
    with connect(loaded) as conn:
        tables = dict(
            conn.execute(
                "select c.relname, obj_description(c.oid) from pg_class c "
                "join pg_namespace n on n.oid = c.relnamespace "
                "where n.nspname = %s and c.relkind = 'r'",
                [SCHEMA],
            ).fetchall()
        )
        assert sorted(tables) == sorted(t["name"] for t in catalog["tables"])
        for table in catalog["tables"]:
            assert tables[table["name"]] == table["description"]
            count = conn.execute(f'select count(*) from {SCHEMA}."{table["name"]}"').fetchone()
            assert count[0] == table["row_count"]
        comment = conn.execute(
            "select col_description(%s::regclass, 6)",
            [f"{SCHEMA}.fct_grid__yearly_carbon_intensity"],
        ).fetchone()[0]
        assert "TWh" in comment  # demand_twh, the sixth column
        schema_note = conn.execute("select obj_description(%s::regnamespace)", [SCHEMA]).fetchone()[
            0
        ]
        assert catalog["data_version"] in schema_note


def test_values_and_types_survive_the_load(built, loaded):
    with connect(loaded) as conn:
        rows = conn.execute(
            f"""select geography_code, demand_twh, carbon_intensity_gco2e_per_kwh, is_primary
            from {SCHEMA}.fct_grid__yearly_carbon_intensity
            where year = 2024 and geography_code in ('IRL', 'USA') and is_primary order by 1"""
        ).fetchall()
        assert rows == [("IRL", 33.2, 280.4, True), ("USA", 4386.5, 384.1, True)]
        name = conn.execute(
            f"select geography_name from {SCHEMA}.dim_geography where geography_code = 'CIV'"
        ).fetchone()[0]
        built_at = conn.execute(f"select built_at from {SCHEMA}.dim_build").fetchone()[0]
    assert (
        name
        == query(
            built, "select geography_name from marts.dim_geography where geography_code = 'CIV'"
        )[0][0]
    )
    assert built_at == query(built, "select built_at from marts.dim_build")[0][0]


def test_reader_role_reads(loaded):
    with connect(loaded, READER, PASSWORD) as conn:
        (n,) = conn.execute(f"select count(*) from {SCHEMA}.dim_source").fetchone()
        assert n > 0


@pytest.mark.parametrize(
    "sql",
    [
        f"insert into {SCHEMA}.dim_geography (geography_code) values ('XXX')",
        f"update {SCHEMA}.dim_source set licence = 'mine'",
        f"delete from {SCHEMA}.dim_build",
        f"truncate {SCHEMA}.dim_build",
        f"drop table {SCHEMA}.dim_build",
        f"create table {SCHEMA}.mine (x int)",
        "create table public.mine (x int)",
        "create temporary table mine (x int)",
        "create schema mine",
        f"alter table {SCHEMA}.dim_build add column x int",
        f"comment on table {SCHEMA}.dim_build is 'mine'",
        "select lo_from_bytea(0, '\\x00')",  # #24: a large object the reader owned
        "select lo_create(0)",
        "select lo_creat(-1)",
        "select lo_import('/etc/hostname')",
    ],
)
def test_reader_role_can_neither_write_nor_create(loaded, sql):
    with connect(loaded, READER, PASSWORD) as conn:
        conn.execute("set default_transaction_read_only = off")  # a client may; it must not help
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(sql)


def test_failed_load_leaves_the_previous_tables(built, loaded, tmp_path):
    """A table that cannot load (a CSV with a broken value) rolls back the whole load."""
    with connect(loaded) as conn:
        before = conn.execute(f"select data_sha256, built_at from {SCHEMA}.dim_build").fetchall()
    broken = tmp_path / "exports"
    shutil.copytree(built.repo / "exports", broken)
    path = broken / "csv/fct_grid__yearly_carbon_intensity.csv"
    path.write_text(path.read_text().replace(",true,", ",maybe,", 1))
    with pytest.raises(BiError, match="fct_grid__yearly_carbon_intensity.*rolled back"):
        load_bi(broken, conninfo(loaded), BI)
    with connect(loaded) as conn:
        assert (
            conn.execute(f"select data_sha256, built_at from {SCHEMA}.dim_build").fetchall()
            == before
        )
        schemas = conn.execute(
            "select nspname from pg_namespace where nspname like 'ai_energy%'"
        ).fetchall()
        assert schemas == [(SCHEMA,)]


def test_unreachable_server_says_where(built, loaded):
    result = make(built, "bi-postgres", env=bi_env(loaded, PGPORT=str(_free_port())))
    assert result.returncode != 0
    assert "cannot connect to PostgreSQL (host=127.0.0.1, port=" in result.stderr


def _schemas(postgres: dict, like: str) -> list[str]:
    with connect(postgres) as conn:
        rows = conn.execute(
            "select nspname from pg_namespace where nspname like %s order by 1", [like]
        ).fetchall()
    return [name for (name,) in rows]


def _schema_oid(postgres: dict) -> int:
    """The schema's identity: each load that goes in swaps in a new schema."""
    with connect(postgres) as conn:
        return conn.execute("select %s::regnamespace::oid", [SCHEMA]).fetchone()[0]


@pytest.mark.parametrize(
    "setup, named",
    [
        (
            [
                "create schema analysis",
                f"create view analysis.sources as select source_id from {SCHEMA}.dim_source",
            ],
            "view analysis.sources",
        ),
        ([f"create view {SCHEMA}.mine as select 1 as x"], f"view {SCHEMA}.mine"),
    ],
    ids=["a view in another schema", "a view in the schema"],
)
def test_objects_of_others_stop_the_load_unless_told(built, loaded, setup, named):
    """#24: the load ran `drop schema ... cascade` and took a colleague's view reading its
    tables with it, exit 0. Now it names the view and stops, changing nothing;
    BI_DROP_DEPENDENTS=1 drops it and says so."""
    before = _schema_oid(loaded)
    with connect(loaded) as conn:
        for statement in setup:
            conn.execute(statement)
    try:
        result = make(built, "bi-postgres", env=bi_env(loaded))
        err = " ".join(result.stderr.split())
        assert result.returncode != 0, err
        assert f"replacing schema {SCHEMA} would drop what others made on it: {named}" in err
        assert "BI_DROP_DEPENDENTS=1" in err and "Nothing changed" in err
        assert _schema_oid(loaded) == before
        assert _schemas(loaded, f"{SCHEMA}%") == [SCHEMA]
        with connect(loaded) as conn:
            conn.execute(f"select * from {named.split()[-1]}")  # still there, still reads

        result = make(built, "bi-postgres", env=bi_env(loaded, BI_DROP_DEPENDENTS="1"))
        assert result.returncode == 0, result.stderr
        assert f"dropped, as BI_DROP_DEPENDENTS asked: {named}" in " ".join(result.stderr.split())
        assert _schema_oid(loaded) != before
        with connect(loaded) as conn:
            found = conn.execute("select to_regclass(%s)", [named.split()[-1]]).fetchone()[0]
        assert found is None
    finally:
        with connect(loaded) as conn:
            conn.execute("drop schema if exists analysis cascade")
            conn.execute(f"drop view if exists {SCHEMA}.mine")


@pytest.mark.parametrize("schema", ["public", "theirs"])
def test_a_schema_the_loader_did_not_make_is_refused(built, loaded, schema):
    """#24: with BI_SCHEMA=public an existing table and its rows were deleted. A schema the
    loader did not make (no comment of its own), `public` included, is refused untouched."""
    with connect(loaded) as conn:
        conn.execute(f"create schema if not exists {schema}")
        conn.execute(f"create table {schema}.keep as select 42 as answer")
    try:
        result = make(built, "bi-postgres", env=bi_env(loaded, BI_SCHEMA=schema))
        assert result.returncode != 0
        assert f"BI_SCHEMA={schema}: refused" in result.stderr or (
            f"schema {schema} exists and `make bi-postgres` did not make it" in result.stderr
        )
        with connect(loaded) as conn:
            assert conn.execute(f"select answer from {schema}.keep").fetchall() == [(42,)]
        assert _schemas(loaded, f"{schema}\\_\\_%") == []
    finally:
        with connect(loaded) as conn:
            conn.execute(f"drop table {schema}.keep")
            if schema != "public":
                conn.execute(f"drop schema {schema}")


def test_a_killed_load_is_cleared_by_the_next(built, loaded):
    """A load killed after its tables committed leaves `<schema>__loading`, with the loader's
    mark: the next load removes it. One without the mark is someone else's, and refused."""
    loading = f"{SCHEMA}__loading"
    with connect(loaded) as conn:
        conn.execute(f"create schema {loading}")
        conn.execute(f"create table {loading}.half (x int)")
    try:
        with pytest.raises(BiError, match=f"schema {loading} exists and .* did not make it"):
            load_bi(built.exports, conninfo(loaded), BI)
        with connect(loaded) as conn:
            conn.execute(f"comment on schema {loading} is 'AI energy warehouse, data version x'")
        assert "in schema ai_energy" in load_bi(built.exports, conninfo(loaded), BI)
        assert _schemas(loaded, f"{SCHEMA}%") == [SCHEMA]
    finally:
        with connect(loaded) as conn:
            conn.execute(f"drop schema if exists {loading} cascade")


def test_a_reader_holding_the_tables_stops_the_swap_not_other_readers(built, loaded):
    """#24: the load waited forever behind a reader's open transaction, and every new reader
    queued behind it (a 5 s statement_timeout fired on a plain select). Now the swap waits
    BI_LOCK_TIMEOUT at a time, BI_LOCK_RETRIES times, then stops naming the session holding
    the tables; meanwhile another reader's selects (statement_timeout 2 s) all succeed."""
    before = _schema_oid(loaded)
    with connect(loaded, READER, PASSWORD) as holder, connect(loaded, READER, PASSWORD) as other:
        holder.execute("set application_name = 'open dashboard'")
        holder.execute("begin")
        holder.execute(f"select count(*) from {SCHEMA}.dim_build")  # and stays open
        other.execute("set statement_timeout = '2s'")
        kwargs = make_args(built, "bi-postgres", env=bi_env(loaded, BI_LOCK_RETRIES="3"))
        loader = subprocess.Popen(**kwargs, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        selects = 0
        while loader.poll() is None:
            other.execute(f"select count(*) from {SCHEMA}.dim_source").fetchone()
            selects += 1
            time.sleep(0.02)
        err = " ".join(loader.communicate()[1].split())
        assert loader.returncode != 0, err
        pid = holder.info.backend_pid
        assert f"session pid {pid} (user {READER}, application 'open dashboard', " in err
        assert "idle in transaction, transaction open since" in err
        assert "(3 attempts, each waiting at most 200ms" in err and "Nothing changed" in err
        assert selects > 10
        holder.execute("commit")
    assert _schema_oid(loaded) == before
    assert _schemas(loaded, f"{SCHEMA}%") == [SCHEMA]
    result = make(built, "bi-postgres", env=bi_env(loaded))
    assert result.returncode == 0, result.stderr
    assert _schema_oid(loaded) != before
