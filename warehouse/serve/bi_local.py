"""`make bi-local`: a PostgreSQL server of the warehouse's own on this machine, for a BI tool.

It runs Debian's PostgreSQL binaries (`make system-deps` installs them) on a data folder under
the build directory, `$BUILD_DIR/postgres`, listening on 127.0.0.1 only (BI_LOCAL_PORT, 5433)
with password authentication. PostgreSQL refuses to run as root, so under root the server runs
as the `postgres` system user. The first start creates the cluster with a generated password
for its administrator (`loader`) and the reader's (`ai_energy_reader`), kept in files readable
by their owner only; `make bi-local` then loads the exports with `make bi-postgres`'s loader into
database `ai_energy` and prints what a BI tool needs. `make bi-local-stop` stops the server;
`make clean` removes the folder with the build directory."""

import dataclasses
import glob
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import psycopg

from warehouse.errors import WarehouseError
from warehouse.settings import BiSettings

DATABASE, ADMIN = "ai_energy", "loader"


class BiLocalError(WarehouseError):
    """The local server could not be started or stopped; the published files are untouched."""


def pg_bin() -> Path:
    """The folder of Debian's PostgreSQL server binaries (initdb, pg_ctl), newest version."""
    found = glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")
    found.sort(key=lambda p: int(p.split("/")[4]))  # the newest major version
    if not found:
        raise BiLocalError(
            "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: install Debian's "
            "`postgresql` package (`make system-deps`)"
        )
    return Path(found[-1]).parent


def server_dir(build_dir: Path) -> Path:
    return build_dir.resolve() / "postgres"


def _port(bi: BiSettings) -> int:
    value = bi.local_port
    if not value.isdigit() or not 1024 <= int(value) <= 65535:
        raise BiLocalError(f"BI_LOCAL_PORT={value!r}: give a port number in [1024, 65535]")
    return int(value)


def _as_server_user(args: list) -> list[str]:
    """The command as the user the server runs as: root hands it to `postgres`."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return [*prefix, *map(str, args)]


def _run(args: list) -> subprocess.CompletedProcess:
    result = subprocess.run(_as_server_user(args), capture_output=True, text=True)
    if result.returncode:
        raise BiLocalError(f"{Path(str(args[0])).name} failed: {result.stderr.strip()}")
    return result


def _secret(path: Path, owner_is_server: bool) -> str:
    """A password made once and kept in a file only its owner reads."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(18) + "\n")
        path.chmod(0o600)
        if owner_is_server and os.geteuid() == 0:
            shutil.chown(path, "postgres")
    return path.read_text().strip()


def _init(root: Path, data: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o700)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        # postgres must reach the folder: every folder above it must let others through
        if subprocess.run(_as_server_user(["test", "-x", root])).returncode:
            raise BiLocalError(
                f"the postgres user cannot reach {root}: let others traverse the folders "
                f"above it (chmod o+x), or set BUILD_DIR to a folder it can reach"
            )
    _secret(root / "admin-password", owner_is_server=True)
    _run(
        [pg_bin() / "initdb", "-D", data, "-U", ADMIN, "--pwfile", root / "admin-password",
         "--auth", "scram-sha-256", "--encoding", "UTF8"]
    )  # fmt: skip
    # TCP on 127.0.0.1 only and no Unix socket (a path with spaces would not pass `pg_ctl -o`)
    with (data / "postgresql.conf").open("a") as conf:
        conf.write("\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n")


def _conninfo(port: int, root: Path, dbname: str) -> dict:
    password = (root / "admin-password").read_text().strip()
    return {"host": "127.0.0.1", "port": port, "user": ADMIN, "password": password,
            "dbname": dbname}  # fmt: skip


def start(build_dir: Path, bi: BiSettings) -> dict:
    """Start the server (creating it the first time) and the database; return the libpq
    conninfo (keywords) the loader connects with."""
    root, port = server_dir(build_dir), _port(bi)
    data = root / "data"
    if not (data / "PG_VERSION").exists():
        _init(root, data)
    status = subprocess.run(_as_server_user([pg_bin() / "pg_ctl", "-D", data, "status"]))
    if status.returncode:  # 3: not running
        _run(
            [pg_bin() / "pg_ctl", "-D", data, "-l", root / "server.log", "-w", "start", "-o",
             f"-p {port}"]
        )  # fmt: skip
    info = _conninfo(port, root, "postgres")
    try:
        with psycopg.connect(**info, autocommit=True) as conn:
            known = "select 1 from pg_database where datname = %s"
            if not conn.execute(known, [DATABASE]).fetchone():
                conn.execute(f"create database {DATABASE}")
    except psycopg.OperationalError as exc:
        raise BiLocalError(
            f"the server in {data} does not answer on 127.0.0.1:{port} ({exc}); its log: "
            f"{root / 'server.log'}"
        ) from exc
    return {**info, "dbname": DATABASE}


def load_settings(bi: BiSettings, build_dir: Path) -> BiSettings:
    """`bi` with the reader's password: BI_READER_PASSWORD's, else the one kept here."""
    kept = _secret(server_dir(build_dir) / "reader-password", owner_is_server=False)
    return dataclasses.replace(bi, reader_password=bi.reader_password or kept)


def settings_text(info: dict, bi: BiSettings, build_dir: Path) -> str:
    return (
        f"bi-local: PostgreSQL on host 127.0.0.1, port {info['port']}, database "
        f"{info['dbname']}, schema {bi.schema}; user {bi.reader}, password in "
        f"{server_dir(build_dir) / 'reader-password'} (read-only). Stop it with "
        "`make bi-local-stop`."
    )


def has_server(build_dir: Path) -> bool:
    return (server_dir(build_dir) / "data" / "PG_VERSION").exists()


def stop(build_dir: Path) -> str:
    data = server_dir(build_dir) / "data"
    if not has_server(build_dir):
        return f"bi-local: no server in {data}"
    status = subprocess.run(_as_server_user([pg_bin() / "pg_ctl", "-D", data, "status"]))
    if status.returncode:
        return f"bi-local: the server in {data} is not running"
    _run([pg_bin() / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"])
    return f"bi-local: stopped the server in {data}"
