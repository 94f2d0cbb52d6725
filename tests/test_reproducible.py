"""The same inputs give the same bytes: a second build of the publishers' files, from nothing
and on one dbt thread, writes byte-identical Parquet and CSV exports with the same
data_sha256 and data version; the sums behind them do not depend on the order rows arrive
in (macros/exact_sum.sql); and only the build's own records (dim_build, validation_results,
dim_source_landing) may differ. On the fixture files, tests/test_rebuild.py builds the inputs
of three rebuilds again from nothing, after `make clean` in a second clone, and compares."""

import json
from pathlib import Path

import duckdb
import jinja2
import pytest

from tests.conftest import MIRROR, REPO, Workspace, make
from warehouse.publish.export import BUILD_RECORDS

# rows enough for DuckDB to aggregate in parallel, and for a plain double sum to show it
ROWS = 3_000_000


def render(call: str) -> str:
    """A call of the project's macro, rendered as dbt renders it (plain Jinja)."""
    macros = (REPO / "macros/exact_sum.sql").read_text()
    return jinja2.Environment().from_string(macros + "{{ " + call + " }}").render().strip()


def test_exact_sum_does_not_depend_on_row_order():
    """A double sum changes with the order of its additions (and so with DuckDB's threads);
    the macro's does not, and stays within its rounding (1e-9 of the unit a row) of it."""
    exact_sum, exact_avg = render("exact_sum('x')"), render("exact_avg('x')")
    with duckdb.connect() as con:
        con.execute(f"create table t as select random() * 1000 as x, i from range({ROWS}) r(i)")
        plain, exact = set(), set()
        for order in ("i", "i desc", "x", "hash(i)"):
            con.execute(f"create or replace table u as select * from t order by {order}")
            plain.add(con.execute("select sum(x) from u").fetchone()[0])
            exact.add(con.execute(f"select {exact_sum} from u").fetchone()[0])
            average = con.execute(f"select {exact_avg} from u").fetchone()[0]
    assert len(plain) > 1, "the plain sum did not vary: the test shows nothing"
    assert len(exact) == 1
    assert abs(exact.pop() - next(iter(plain))) <= ROWS * 1e-9
    assert average == pytest.approx(500, rel=0.01)


def exports_by_file(exports: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(exports)): p.read_bytes()
        for folder in ("parquet", "csv")
        for p in sorted((exports / folder).iterdir())
    }


def assert_same_data(first: Path, second: Path) -> None:
    """Every exported file but the build's records byte for byte, and the same hash."""
    a, b = exports_by_file(first), exports_by_file(second)
    assert sorted(a) == sorted(b)
    records = {f"{kind}/{name}.{kind}" for name in BUILD_RECORDS for kind in ("parquet", "csv")}
    differ = sorted(name for name in a if name not in records and a[name] != b[name])
    assert differ == [], f"not byte-identical: {differ}"
    one, two = (json.loads((e / "catalog.json").read_text()) for e in (first, second))
    assert one["data_sha256"] == two["data_sha256"]
    if one["built_at"][:10] == two["built_at"][:10]:  # the version starts with the build date
        assert one["data_version"] == two["data_version"]


@pytest.mark.build
@pytest.mark.mirror
def test_a_second_build_of_the_publishers_files_gives_the_same_bytes(mirror_built, tmp_path):
    """On the publishers' files, where DuckDB aggregates in parallel (the fixture files are
    too small for that): a second build from nothing, with one dbt thread, against the
    session's. Float noise once changed 854 rows of the capacity mart between two builds."""
    ws = Workspace(tmp_path, Path(MIRROR), REPO / "ingest" / "sources")
    done = make(ws, registry=False, mirror=MIRROR, env={"DBT_THREADS": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert_same_data(mirror_built.exports, ws.exports)
