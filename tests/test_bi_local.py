"""`make bi-local` starts a PostgreSQL server of its own under the build folder (Debian's
binaries, not as root), loads the exports for a BI tool and prints the settings;
`make bi-local-stop` stops it, and `make clean` would stop it before removing its folder."""

import os
import re
import socket
import stat
from pathlib import Path

import psycopg
import pytest

from tests.conftest import make, needs_system
from warehouse.serve.bi_local import BiLocalError, pg_bin

pytestmark = pytest.mark.build


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def reachable(built):
    """pytest's temporary folders are 0700; the server's user (postgres, under root) must pass
    through them to reach the build folder, as it would through a user's home. Traversal only
    (o+x, no listing), and never taken back: pytest-of-root is shared by every worker and
    session, and one restoring its mode would lock out another's server mid-test."""
    try:
        pg_bin()
    except BiLocalError:
        pytest.skip(needs_system("postgresql"))
    if os.geteuid() == 0:
        for folder in [built.repo, *built.repo.parents]:
            if not folder.stat().st_mode & stat.S_IXOTH:
                folder.chmod(folder.stat().st_mode | stat.S_IXOTH)
    return built


def _said(result) -> str:
    return result.stdout + result.stderr


def test_bi_local_starts_loads_and_stops(reachable):
    port = _free_port()
    env = {"BI_LOCAL_PORT": str(port)}
    try:
        result = make(reachable, "bi-local", env=env)
        out = _said(result)
        assert result.returncode == 0, out
        assert f"host 127.0.0.1, port {port}, database ai_energy, schema ai_energy" in out
        folder = reachable.repo / "target/postgres"
        data = folder / "data"
        assert (data / "PG_VERSION").is_file()
        assert data.stat().st_uid != 0  # PostgreSQL runs as a user, never root
        secret = folder / "reader-password"
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        settings = dict(host="127.0.0.1", port=port, dbname="ai_energy")
        reader = dict(user="ai_energy_reader", password=secret.read_text().strip())
        with psycopg.connect(**settings, **reader) as conn:
            (count,) = conn.execute("select count(*) from ai_energy.dim_build").fetchone()
            assert count == 1
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("create table ai_energy.mine (x int)")
        again = make(reachable, "bi-local", env=env)  # already running: loads again
        assert again.returncode == 0, _said(again)
    finally:
        stopped = make(reachable, "bi-local-stop", env=env)
    assert stopped.returncode == 0
    assert re.search(r"stopped the server in .*target/postgres/data", _said(stopped))
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(**settings, **reader, connect_timeout=2)
    assert "is not running" in _said(make(reachable, "bi-local-stop", env=env))


def test_bi_local_names_a_bad_port(reachable):
    result = make(reachable, "bi-local", env={"BI_LOCAL_PORT": "80"})
    assert result.returncode != 0
    assert "BI_LOCAL_PORT='80': give a port number in [1024, 65535]" in _said(result)
    assert not Path(reachable.repo / "target/postgres/data/postmaster.pid").exists()
