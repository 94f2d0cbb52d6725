"""The reliability promises, each with the fault that once broke it: paths with spaces and what
`make clean` may remove; landed files that rot; a client that wrote to the warehouse; a
warehouse copied or moved; two builds at once; an offline build with nothing to do; a full
disk. Tests marked `build` use the session's fixture build (see conftest)."""

import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest import cli
from ingest.registry import load_registry
from ingest.settings import use
from tests.conftest import REPO, clone, digest, force_reland, make, make_args, query
from warehouse.lock import make_dir
from warehouse.publish.database import SNAPSHOT, link_warehouse, publish
from warehouse.settings import Run

LANDS = ["ember"]  # what the `landed` fixture lands
EMBER_TABLES = list(load_registry(REPO / "ingest" / "sources")["ember"].tables)
YEARLY = "raw/ember/country_yearly.parquet"
MONTHLY = "raw/ember/country_monthly.parquet"
WORLD_2024 = """select demand_twh from marts.fct_grid__yearly_carbon_intensity
                where geography_code = 'WORLD' and year = 2024"""


def _tiny_disks_work() -> bool:
    """Whether a test may mount a small tmpfs in a user namespace (no root needed)."""
    if not shutil.which("unshare"):
        return False
    probe = ["unshare", "--user", "--map-root-user", "--mount", "mount", "-t", "tmpfs"]
    done = subprocess.run([*probe, "tmpfs", "/mnt"], capture_output=True)
    return done.returncode == 0


needs_tiny_disk = pytest.mark.skipif(
    not _tiny_disks_work(),
    reason="cannot mount a tmpfs in a user namespace here: needs `unshare` (Debian's util-linux) "
    "and a kernel or container that allows unprivileged user namespaces (no package adds that)",
)


def on_tiny_disk(folder: Path, size: str, args: list[str], **options):
    """Run `args` with a fresh tmpfs of `size` mounted on `folder`: a small disk that fills."""
    folder.mkdir(parents=True, exist_ok=True)
    script = 'mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && exec "$@"'
    unshare = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh"]
    return subprocess.run(
        [*unshare, size, str(folder), *args], capture_output=True, text=True, **options
    )


def warehouse_cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warehouse", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


# 1. Paths with spaces; `make clean` removes only what the build made.


@pytest.mark.build
def test_clean_in_a_path_with_spaces_removes_only_what_the_build_made(built, tmp_path):
    """The shared build ran in `<root>/my data/warehouse`; an unquoted `rm -rf` there would
    have removed `<root>/my`. Cleaning a copy of it removes its data, build folder, warehouse
    and the WAL a client left, and nothing else."""
    assert (built.repo.parent.parent / "my" / "keep.txt").is_file()  # the build spared it
    (tmp_path / "my").mkdir()
    (tmp_path / "my" / "keep.txt").write_text("not the build's\n")
    ws = clone(built, tmp_path / "my data" / "warehouse")
    Path(f"{ws.warehouse}.wal").write_bytes(b"a client's write-ahead log")
    result = make(ws, "clean")
    assert result.returncode == 0, result.stderr
    leftovers = {"data", "target", "exports", "warehouse.duckdb", "warehouse.duckdb.wal"} & set(
        os.listdir(ws.repo)
    )
    assert leftovers == set()
    assert (ws.repo / "Makefile").is_file() and (ws.repo / "models").is_dir()
    assert (tmp_path / "my" / "keep.txt").read_text() == "not the build's\n"
    assert sorted(os.listdir(tmp_path)) == ["my", "my data"]


@pytest.mark.slow
def test_clean_refuses_root_home_and_folders_the_build_did_not_make(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine")
    mine = tmp_path / "my own data"
    mine.mkdir()
    (mine / "thesis.csv").write_text("1,2\n")
    made = tmp_path / "data made by the build"
    make_dir(made)
    (made / "raw").mkdir()
    warehouse = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(warehouse)).close()
    link_to_mine = tmp_path / "link.duckdb"
    link_to_mine.symlink_to(mine / "thesis.csv")
    config = {
        "HOME": str(home),
        "WAREHOUSE_DATA_DIR": str(made),
        "BUILD_DIR": str(tmp_path / "target"),
        "WAREHOUSE": str(warehouse),
        "EXPORTS_DIR": str(tmp_path / "exports"),
    }
    refusals = {
        "WAREHOUSE_DATA_DIR": ["/", str(home), str(mine), str(REPO), str(tmp_path)],
        "BUILD_DIR": [str(home / ".."), str(mine)],
        "WAREHOUSE": [str(mine / "thesis.csv"), str(mine), str(link_to_mine)],
        "EXPORTS_DIR": [str(mine)],
    }
    for variable, values in refusals.items():
        for value in values:
            result = warehouse_cli("clean", env={**config, variable: value})
            assert result.returncode == 1, (variable, value, result.stderr)
            assert f"clean: refused {Path(value)}" in result.stderr
            assert "nothing was removed" in result.stderr
            assert made.is_dir() and warehouse.is_file()
    assert (home / "notes.txt").is_file() and (mine / "thesis.csv").is_file()
    result = warehouse_cli("clean", env=config)
    assert result.returncode == 0, result.stderr
    assert not made.exists() and not warehouse.exists()
    assert sorted(os.listdir(tmp_path)) == ["home", "link.duckdb", "my own data"]


# 2. Landed files that rot are found before dbt reads them, and re-landed.


def _flip_a_bit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(data)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize("damage", [_flip_a_bit, _truncate], ids=["flipped bit", "truncated"])
def test_a_damaged_landed_file_is_found_and_relanded(landed, capsys, damage):
    path = landed.data / YEARLY
    good = pl.read_parquet(path)
    damage(path)
    capsys.readouterr()
    assert cli.main(["status"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert f"ember.country_yearly: {YEARLY}" in out
    assert "the next `make build` re-lands it" in out

    assert landed.land("ember") == 0
    err = " ".join(capsys.readouterr().err.split())
    assert f"ember.country_yearly: {YEARLY}" in err
    assert "re-landed it from the verified source file" in err
    assert "ingest: 1 landed, 4 unchanged, 0 failed" in err
    assert pl.read_parquet(path).equals(good)
    assert cli.main(["status"]) == 0


def _flip_a_bit_keeping_time(path: Path) -> None:
    """A disk fault: the bytes change, the size and modification time do not."""
    stat = path.stat()
    _flip_a_bit(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_change_that_kept_size_and_time_is_found_and_relanded(landed, capsys):
    """Once only `make status` saw it, and dbt failed on it with "ZSTD Decompression failure":
    every landed file is now hashed whole, so the build re-lands it like any damaged file."""
    path = landed.data / YEARLY
    good = pl.read_parquet(path)
    _flip_a_bit_keeping_time(path)
    capsys.readouterr()
    assert cli.main(["status"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "does not match the sha256 recorded when it landed" in out
    assert "the next `make build` re-lands it" in out
    assert landed.land("ember") == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "does not match the sha256 recorded when it landed" in err
    assert "re-landed it from the verified source file" in err
    assert pl.read_parquet(path).equals(good)
    assert cli.main(["status"]) == 0


@pytest.mark.parametrize(
    "damage", [_truncate, _flip_a_bit_keeping_time], ids=["truncated", "same size and time"]
)
def test_dbt_does_not_read_a_damaged_landed_file(landed, tmp_path, damage):
    damage(landed.data / YEARLY)
    env = {"WAREHOUSE_DATA_DIR": str(landed.data), "BUILD_DIR": str(tmp_path / "target")}
    result = warehouse_cli("dbt", env=env)
    assert result.returncode == 1
    assert f"landed file fails verification: ember.country_yearly: {YEARLY}" in result.stderr
    assert "dbt did not run" in result.stderr
    assert not (tmp_path / "target" / "build.duckdb").exists()


@pytest.mark.build
def test_build_relands_damaged_files_and_publishes(built):
    """One file truncated, another changed in place with its size and time kept: one build
    re-lands both."""
    assert make(built).returncode == 0  # up to date after any earlier test's change
    _truncate(built.data / YEARLY)
    _flip_a_bit_keeping_time(built.data / MONTHLY)
    result = make(built)
    assert result.returncode == 0, result.stdout + result.stderr
    err = " ".join(result.stderr.split())
    assert f"{YEARLY} has " in err and f"{MONTHLY} does not match the sha256" in err
    assert err.count("re-landed it from the verified source file") == 2
    assert query(built, WORLD_2024) == [(30847.2,)]


@pytest.mark.build
def test_a_plain_dbt_build_leaves_the_published_warehouse_alone(built, tmp_path):
    """`dbt build`, as a dbt user types it, with none of the build's variables: it writes the
    build database (profiles.yml's default), never the published warehouse, which only
    publishing writes after every check has passed."""
    ws = clone(built, tmp_path / "clone")
    before = digest(ws.warehouse)
    build_db = ws.repo / "target" / "build.duckdb"
    build_db_before = build_db.stat().st_mtime_ns
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAREHOUSE", "DBT_"))}
    done = subprocess.run(
        [REPO / ".venv/bin/dbt", "build", "--select", "+dim_geography", "--profiles-dir", "."],
        cwd=ws.repo,
        env={**env, "DO_NOT_TRACK": "1"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert digest(ws.warehouse) == before
    assert not Path(f"{ws.warehouse}.wal").exists()
    assert build_db.stat().st_mtime_ns != build_db_before
    assert query(ws, "select count(*) > 0 from marts.dim_geography", build_db) == [(True,)]


# 3. and 4. The published file: tables only, readable anywhere, immune to a client's WAL.


def _build_db(folder: Path) -> Path:
    """A build database as dbt leaves it: marts and seeds as tables with comments, a mart
    view, and a staging view over a Parquet file on this machine."""
    folder.mkdir()
    raw = folder / "raw.parquet"
    pl.DataFrame({"year": [2023, 2024], "demand_twh": [1.5, 2.5]}).write_parquet(raw)
    path = folder / "build.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(f"""
            create schema staging; create schema marts; create schema reference;
            create view staging.stg_demand as select * from read_parquet('{raw}');
            create table marts.fct_demand (year integer primary key, demand_twh double not null);
            insert into marts.fct_demand select * from staging.stg_demand;
            comment on table marts.fct_demand is 'Demand by year';
            comment on column marts.fct_demand.demand_twh is 'Electricity demand, TWh';
            create view marts.v_latest as select * from marts.fct_demand where year = 2024;
            create table reference.units as select 'TWh' as unit;
        """)
    return path


def _relations(path: Path) -> dict:
    def rows(sql: str) -> list:
        return con.execute(sql).fetchall()

    with duckdb.connect(str(path), read_only=True) as con:
        tables = rows("select schema_name, table_name, comment from duckdb_tables()")
        return {
            "tables": {(s, t): c for s, t, c in tables},
            "views": rows("select count(*) from duckdb_views() where not internal"),
            "rows": {(s, t): rows(f"select * from {s}.{t}") for s, t, _ in tables},
            "column comment": rows(
                "select comment from duckdb_columns() "
                "where table_name = 'fct_demand' and column_name = 'demand_twh'"
            ),
            "constraints": rows("select constraint_type from duckdb_constraints() order by all"),
        }


def test_published_file_holds_tables_only_and_reads_anywhere(tmp_path):
    build = _build_db(tmp_path / "build machine")
    dest = tmp_path / "warehouse.duckdb"
    publish(build, dest)
    moved = tmp_path / "another machine" / "copy.duckdb"
    moved.parent.mkdir()
    shutil.copy(dest, moved)
    shutil.rmtree(tmp_path / "build machine")  # the build's files are gone
    for path in (dest, moved):
        published = _relations(path)
        assert published["tables"] == {
            ("marts", "fct_demand"): "Demand by year",
            ("marts", "v_latest"): None,
            ("reference", "units"): None,
        }
        assert published["views"] == [(0,)]
        assert published["rows"][("marts", "fct_demand")] == [(2023, 1.5), (2024, 2.5)]
        assert published["rows"][("marts", "v_latest")] == [(2024, 2.5)]
        assert published["column comment"] == [("Electricity demand, TWh",)]
        assert ("PRIMARY KEY",) in published["constraints"]


CLIENT = """
import duckdb, sys
con = duckdb.connect(sys.argv[1])  # read-write, as a BI tool might
con.execute("create table main.scratch as select 1 as x")
print("wrote", flush=True)
sys.stdin.read()
con.execute("insert into main.scratch values (2)")
con.close()
"""


def _script(code: str, *args) -> subprocess.Popen:
    """A Python script as another process (a client), talking through stdin and stdout."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_client_that_wrote_does_not_break_the_next_publish(tmp_path, capsys):
    build = _build_db(tmp_path / "build")
    dest = tmp_path / "warehouse.duckdb"
    publish(build, dest)
    client = _script(CLIENT, dest)
    try:
        assert client.stdout.readline() == "wrote\n"
        assert Path(f"{dest}.wal").is_file()  # its write, not yet checkpointed
        capsys.readouterr()
        publish(build, dest)
        assert "open read-write" in capsys.readouterr().err
        assert not Path(f"{dest}.wal").exists()
        assert ("main", "scratch") not in _relations(dest)["tables"]  # a new connection works
    finally:
        client.communicate("")  # the client writes again and closes
    assert client.returncode == 0
    assert _relations(dest)["rows"][("marts", "fct_demand")] == [(2023, 1.5), (2024, 2.5)]
    assert sorted(os.listdir(tmp_path)) == ["build", "warehouse.duckdb"]


def test_the_warehouse_is_a_link_into_the_export_set(tmp_path, capsys):
    """warehouse.duckdb links to exports/warehouse.duckdb, so that the one exchange of the
    exports folder publishes both. A file an earlier version published there, and the WAL a
    client left beside it, give way to the link; a client that writes through the link keeps
    its WAL inside the export set, which the next publish replaces whole."""
    build = _build_db(tmp_path / "build")
    dest = tmp_path / "warehouse.duckdb"
    publish(build, dest)  # as earlier versions published it
    Path(f"{dest}.wal").write_bytes(b"a client's write-ahead log")
    exports = tmp_path / "exports"
    exports.mkdir()
    publish(build, exports / SNAPSHOT)
    link_warehouse(dest, exports / SNAPSHOT)
    assert os.readlink(dest) == "exports/warehouse.duckdb"
    assert not Path(f"{dest}.wal").exists()
    assert _relations(dest)["rows"][("marts", "fct_demand")] == [(2023, 1.5), (2024, 2.5)]
    client = _script(CLIENT, dest)
    try:
        assert client.stdout.readline() == "wrote\n"
        assert (exports / f"{SNAPSHOT}.wal").is_file() and not Path(f"{dest}.wal").exists()
        capsys.readouterr()
        link_warehouse(dest, exports / SNAPSHOT)
        assert "open read-write" in capsys.readouterr().err
    finally:
        client.communicate("")
    assert client.returncode == 0
    assert sorted(os.listdir(tmp_path)) == ["build", "exports", "warehouse.duckdb"]


def test_a_filesystem_without_links_is_said_and_changes_nothing(tmp_path, monkeypatch):
    """A WAREHOUSE on a filesystem that holds no symbolic links (FAT, some network shares):
    one line saying so, the old warehouse file in place (os.symlink fails as it would)."""
    import errno

    from warehouse.errors import PublishError

    dest = tmp_path / "warehouse.duckdb"
    dest.write_bytes(b"the warehouse published before")

    def refused(*args):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "symlink", refused)
    with pytest.raises(PublishError, match="on a filesystem that holds symbolic links"):
        link_warehouse(dest, tmp_path / "exports" / SNAPSHOT)
    assert dest.read_bytes() == b"the warehouse published before"
    assert os.listdir(tmp_path) == ["warehouse.duckdb"]


def _published(ws) -> tuple[datetime, datetime]:
    """The build time the warehouse holds and the one the exports' catalog holds: equal when
    they are one publish."""
    (held,) = query(ws, "select built_at from marts.dim_build")[0]
    catalog = json.loads((ws.exports / "catalog.json").read_text())["built_at"]
    return held, datetime.fromisoformat(catalog)


READER = """
import duckdb, json, sys, time
from datetime import datetime
from pathlib import Path
warehouse, catalog, stop = map(Path, sys.argv[1:])
def held():  # a connection of its own each time (one process: DuckDB shares no instance)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select epoch(built_at) from marts.dim_build").fetchone()[0]
def listed():
    return datetime.fromisoformat(json.loads(catalog.read_text())["built_at"]).timestamp()
seen, mixed, errors = set(), [], []
print("reading", flush=True)
while not stop.exists():
    try:
        before, listing, after = held(), listed(), held()
    except Exception as exc:
        errors.append(repr(exc))
        continue
    if before == after:  # no publish between: the catalog read between must agree
        seen.add(before)
        if listing != before:
            mixed.append([before, listing])
    time.sleep(0.01)
print(json.dumps({"seen": sorted(seen), "mixed": mixed, "errors": errors}))
"""


HOLDER = """
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
query = "select cast(built_at as varchar) from marts.dim_build"
print(con.execute(query).fetchone()[0], flush=True)
sys.stdin.read()
print(con.execute(query).fetchone()[0], flush=True)
"""


@pytest.mark.build
@pytest.mark.parametrize("moment", ["before the swap", "after the swap"])
def test_a_publish_killed_at_any_moment_leaves_one_version_and_heals(built, moment):
    """#24: killing the build between the warehouse's rename and the exports' swap left them
    at two versions (7 kills of 7). The build is killed (its whole process group, kill -9)
    where WAREHOUSE_TEST_PAUSE stops it: the warehouse and the exports stay one publish, the
    next build removes what the kill left (and an older version's temporary files) and
    publishes; a reader polling throughout never sees a mix, and one holding the old file
    reads it to the end. Readers run in processes of their own: DuckDB hands connections of
    one process to the same path one shared instance, which keeps the file it opened first."""
    assert make(built).returncode == 0  # up to date after any earlier test's change
    first = _published(built)
    assert first[0] == first[1]
    holder = _script(HOLDER, built.warehouse)
    held = holder.stdout.readline()
    stop = built.root / "target" / "stop reading"
    reader = _script(READER, built.warehouse, built.exports / "catalog.json", stop)
    assert reader.stdout.readline() == "reading\n"
    (built.root / "target" / ".published").unlink()  # publish again
    kwargs = make_args(built, env={"WAREHOUSE_TEST_PAUSE": moment})
    killed = subprocess.Popen(
        **kwargs, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        assert any(f"publish: paused {moment}" in line for line in killed.stderr)
    finally:
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
        killed.stderr.close()
    after_kill = _published(built)
    assert after_kill[0] == after_kill[1]
    assert (after_kill == first) == (moment == "before the swap")
    assert list(built.repo.glob(".exports.tmp-*"))  # the set the kill left behind
    older = [
        built.repo / ".warehouse.duckdb.tmp-99999",
        built.repo / ".warehouse.duckdb.tmp-99999.wal",
    ]
    for path in older:
        path.write_bytes(b"an earlier version's temporary file")
    try:
        result = make(built)
        assert result.returncode == 0, result.stdout + result.stderr
        healed = _published(built)
    finally:
        stop.touch()
        read = json.loads(reader.communicate()[0])
        stop.unlink()
        again = holder.communicate("")[0]
    assert healed[0] == healed[1] and healed != after_kill
    assert not list(built.repo.glob(".exports.tmp-*")) and not any(p.exists() for p in older)
    assert read["errors"] == [] and read["mixed"] == []
    assert {first[0].timestamp(), healed[0].timestamp()} <= set(read["seen"])
    assert again == held and holder.returncode == 0  # the old file, read to the end


@pytest.mark.build
def test_the_fixture_warehouse_reads_after_copy_and_move(built, tmp_path):
    copy = tmp_path / "elsewhere" / "warehouse.duckdb"
    copy.parent.mkdir()
    shutil.copy(built.warehouse, copy)
    moved = built.repo.with_name("warehouse renamed")
    built.repo.rename(moved)
    try:
        for path in (copy, moved / "warehouse.duckdb"):
            published = _relations(path)
            assert {schema for schema, _ in published["tables"]} == {"marts", "reference"}
            assert published["views"] == [(0,)]
            assert all(published["rows"].values())
            assert published["tables"][("marts", "fct_grid__yearly_carbon_intensity")]
            assert query(built, WORLD_2024, path) == [(30847.2,)]
    finally:
        moved.rename(built.repo)


# 5. One build at a time.


@pytest.mark.build
def test_two_builds_started_together(built):
    """Without its publish stamp the build checks and publishes again (the GX suites, the
    warehouse and the exports: seconds): the first build to lock is busy for a while, and
    the second says who holds the lock and leaves without touching anything."""
    assert make(built).returncode == 0  # up to date after any earlier test's change
    (built.root / "target" / ".published").unlink()
    builds = [
        subprocess.Popen(**make_args(built), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = sorted((b.wait(), b.stderr.read()) for b in builds)
    for b in builds:
        b.stdout.close()
        b.stderr.close()
    (won, won_err), (lost, lost_err) = results
    assert won == 0, won_err
    assert lost != 0
    assert "another build is running (PID " in lost_err and ".lock" in lost_err
    assert "dbt: building" not in lost_err and "ingest:" not in lost_err
    assert query(built, WORLD_2024) == [(30847.2,)]
    again = make(built)
    assert "dbt: up to date" in again.stderr and "warehouse: up to date" in again.stderr


# 6. Nothing to do needs no download.


def test_unchanged_tables_need_no_source_file(landed, capsys):
    capsys.readouterr()
    with use(replace(landed.settings.ingest, mirror=landed.root / "no such mirror")):
        assert landed.land("ember") == 0
    assert "ingest: 0 landed, 5 unchanged, 0 failed" in capsys.readouterr().err


@pytest.mark.build
def test_offline_build_with_everything_landed(built):
    assert make(built).returncode == 0  # up to date after any earlier test's change
    refused = "http://127.0.0.1:9"  # any download would fail at once
    offline = {"SOURCE_MIRROR": None, "HTTP_PROXY": refused, "HTTPS_PROXY": refused}
    result = make(built, env=offline)
    assert result.returncode == 0, result.stderr
    assert "0 landed" in result.stderr and "0 failed" in result.stderr
    assert "dbt: up to date" in result.stderr and "warehouse: up to date" in result.stderr


@pytest.mark.build
def test_targets_that_need_no_download_make_none(built):
    assert make(built).returncode == 0  # up to date after any earlier test's change
    refused = "http://127.0.0.1:9"
    offline = {"SOURCE_MIRROR": str(built.root / "no mirror"), "HTTPS_PROXY": refused}
    for target in ("dbt", "validate", "docs", "status"):
        result = make(built, target, env=offline)
        assert result.returncode == 0, (target, result.stderr)
        assert "ingest:" not in result.stderr, target
    assert (built.root / "target" / "static_index.html").is_file()


def test_make_help_lists_every_target():
    makefile = (REPO / "Makefile").read_text()
    phony = next(line for line in makefile.splitlines() if line.startswith(".PHONY:"))
    listed = subprocess.run(["make", "help"], cwd=REPO, capture_output=True, text=True).stdout
    for target in phony.split(":", 1)[1].split():
        assert f"make {target} " in listed, target


# 7. A full disk names the table and the folder, keeps the summary, and loses nothing.


def test_full_disk_while_landing_names_table_and_folder(landed, capsys, monkeypatch):
    force_reland(monkeypatch, *EMBER_TABLES)

    def no_space(self, path, **kwargs):
        raise pl.exceptions.ComputeError(  # what polars raises on ENOSPC
            "parquet: File out of specification: underlying IO error: "
            "No space left on device (os error 28)"
        )

    monkeypatch.setattr(pl.DataFrame, "write_parquet", no_space)
    err = landed.land_fails(capsys, "ember", "5 table(s) failed")
    folder = landed.data / "raw" / "ember"
    assert f"the disk is full: cannot write ember.country_yearly in {folder}" in err
    assert "ingest: 0 landed, 0 unchanged, 5 failed" in err
    assert "Traceback" not in err


@needs_tiny_disk
def test_ingest_on_a_small_disk_that_fills(workspace):
    workspace.write_fixtures("ember")
    workspace.pin("ember")
    result = on_tiny_disk(
        workspace.data,
        "40k",
        [sys.executable, "-m", "ingest", "land", "--source", "ember"],
        env=workspace.settings.process_env(),
    )
    err = " ".join(result.stderr.split())
    assert result.returncode == 1, err
    assert "the disk is full" in err and str(workspace.data) in err
    assert "ingest: " in err and "table(s) failed" in err
    assert "Traceback" not in err


@needs_tiny_disk
@pytest.mark.build
def test_dbt_on_a_small_disk_says_so_briefly(built, tmp_path):
    before = digest(built.warehouse)
    small = tmp_path / "small disk"
    kwargs = make_args(built, "validate", env={"BUILD_DIR": str(small)})
    result = on_tiny_disk(small, "1m", kwargs.pop("args"), cwd=kwargs["cwd"], env=kwargs["env"])
    assert result.returncode != 0
    assert f"dbt: the disk is full: cannot write in {small}" in result.stderr
    assert len(result.stderr.splitlines()) < 10, result.stderr
    assert digest(built.warehouse) == before


def test_a_disk_that_fills_after_dbt_says_so_in_one_line(landed, tmp_path, monkeypatch, capsys):
    """#24: dbt done, the disk full when its stamp was written: a Python traceback (`OSError:
    [Errno 28]` at `stamp.write_text`). That moment is simulated: dbt's run is taken as done
    and writing the stamp fails as the kernel fails it."""
    import errno

    from warehouse.build import dbt

    target = tmp_path / "target"
    target.mkdir()
    monkeypatch.setattr(dbt, "_on_saved_parse", lambda run, args, ahead: 0)
    write_text = Path.write_text

    def disk_full_for_stamps(path, *args, **kwargs):
        if path.name == ".dbt-built":
            path.touch()  # the file is made, its content does not fit
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return write_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", disk_full_for_stamps)
    capsys.readouterr()
    assert dbt.dbt(Run(replace(landed.settings, build_dir=target))) == 1
    err = capsys.readouterr().err
    assert f"dbt: the disk is full: cannot write in {target}. Free some space" in err
    assert len(err.splitlines()) == 2  # "dbt: building ..." and the one line
    assert not (target / ".dbt-built").exists()  # the next build runs dbt again


PUBLISH_ON_A_FULL_DISK = """
import json, sys
from pathlib import Path
import duckdb
from warehouse.errors import PublishError
from warehouse.publish.database import publish
dest = Path(sys.argv[2]) / "warehouse.duckdb"
duckdb.connect(str(dest)).close()  # the warehouse published before: small, and it fits
before = dest.read_bytes()
try:
    publish(Path(sys.argv[1]), dest)
    error = None
except PublishError as exc:
    error = str(exc)
print(json.dumps({"error": error, "unchanged": dest.read_bytes() == before,
                  "files": sorted(p.name for p in dest.parent.iterdir())}))
"""


@needs_tiny_disk
def test_publish_on_a_small_disk_keeps_the_warehouse(tmp_path):
    build = _build_db(tmp_path / "build")
    with duckdb.connect(str(build)) as con:  # a warehouse bigger than the disk
        con.execute("create table marts.big as select random() as r from range(2000000)")
    small = tmp_path / "small disk"
    result = on_tiny_disk(
        small,
        "2m",
        [sys.executable, "-c", PUBLISH_ON_A_FULL_DISK, str(build), str(small)],
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["error"].startswith(f"the disk is full: cannot write the warehouse in {small}")
    assert outcome["unchanged"] and outcome["files"] == ["warehouse.duckdb"]
