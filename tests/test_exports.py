"""The exports `make build` leaves in exports/ (on the session's fixture build): every marts
table as Parquet and CSV holding exactly the mart's rows, the catalog and data package that
describe them, the data version stamped everywhere, the snapshot that older DuckDB drivers
open, the release archive, the query command, and a failed build that leaves the set whole."""

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import polars as pl
import pytest
import yaml

from expectations.results import KEY as VALIDATION_KEY
from expectations.results import TABLE as VALIDATION_TABLE
from ingest.registry import load_registry
from tests.conftest import REPO, digest, make, query
from warehouse.build.compare import dbt_marts
from warehouse.publish.export import export
from warehouse.publish.lineage import Manifest
from warehouse.units import unit_of

pytestmark = pytest.mark.build
OLD_DUCKDB = "1.1.3"  # the oldest DuckDB the snapshot promises (warehouse.publish.OLDEST_READER)


def exports(ws) -> Path:
    return ws.exports


def load(ws, name: str) -> dict:
    return json.loads((exports(ws) / name).read_text(encoding="utf-8"))


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def marts_tables(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [
            n
            for (n,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
            ).fetchall()
        ]


def test_every_marts_table_is_exported_as_parquet_and_csv(built):
    names = marts_tables(built.warehouse)
    # every dbt mart (not an ephemeral one: no table), and the build's own
    assert dbt_marts(built.repo / "target/manifest.json") <= set(names) and "dim_build" in names
    assert [t["name"] for t in load(built, "catalog.json")["tables"]] == [
        *sorted(set(names) - {"dim_build"}),
        "dim_build",
    ]
    for name in names:
        assert (exports(built) / "parquet" / f"{name}.parquet").is_file()
        assert (exports(built) / "csv" / f"{name}.csv").is_file()


def test_files_hold_exactly_the_marts_rows(built):
    """Parquet and CSV read back (CSV with the catalog's types) equal the published table."""
    out = exports(built)
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        for table in load(built, "catalog.json")["tables"]:
            types = {c["name"]: c["type"] for c in table["columns"]}
            mart = f"marts.{table['name']}"
            parquet = f"read_parquet('{out / table['files']['parquet']['path']}')"
            csv_ = f"read_csv('{out / table['files']['csv']['path']}', columns = {types!r})"
            for copy in (parquet, csv_):
                counts = con.execute(
                    f"""select (select count(*) from {copy}), (select count(*) from {mart}),
                    (select count(*) from (select * from {mart} except all select * from {copy})),
                    (select count(*) from (select * from {copy} except all select * from {mart}))"""
                ).fetchall()[0]
                assert counts[0] == counts[1] == table["row_count"] > 0, (copy, counts)
                assert counts[2:] == (0, 0), f"{copy} differs from {mart}: {counts}"


def test_csv_is_utf8_iso_and_ordered_by_grain(built):
    out = exports(built)
    geography = (out / "csv/dim_geography.csv").read_bytes().decode("utf-8")  # fails if not
    assert "Côte d’Ivoire" in geography or "Côte d'Ivoire" in geography
    for table in load(built, "catalog.json")["tables"]:
        with (out / table["files"]["csv"]["path"]).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert list(rows[0]) == [c["name"] for c in table["columns"]]
        for column in table["columns"]:
            values = [r[column["name"]] for r in rows if r[column["name"]]]
            if column["type"].startswith("TIMESTAMP WITH TIME ZONE"):
                assert all(
                    re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", v) for v in values
                )
            elif column["type"].startswith(("TIMESTAMP", "DATE")):
                assert all(
                    re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d+)?)?", v) for v in values
                )
        if table["grain"]:  # stable order: sorted by the grain
            keys = [tuple(r[c] for c in table["grain"]) for r in rows]
            types = {c["name"]: c["type"] for c in table["columns"]}
            typed = [
                tuple(
                    int(v) if types[c] == "INTEGER" and v else v
                    for c, v in zip(table["grain"], k, strict=True)
                )
                for k in keys
            ]
            assert typed == sorted(typed, key=lambda k: tuple((v == "", v) for v in k))


def test_catalog_describes_tables_columns_units_sources(built):
    doc = load(built, "catalog.json")
    manifest = Manifest(built.repo / "target/manifest.json")
    for table in doc["tables"]:
        name = table["name"]
        assert table["description"], name
        assert table["row_count"] == query(built, f"select count(*) from marts.{name}")[0][0]
        for info in table["files"].values():  # the hashes are the files'
            assert info["sha256"] == digest(exports(built) / info["path"]), info["path"]
        assert table["content_sha256"] == table["files"]["csv"]["sha256"]
        for column in table["columns"]:
            assert column["type"] and column["description"], f"{name}.{column['name']}"
            assert column["unit"] == unit_of(column["name"])
        if name == VALIDATION_TABLE:  # written by the build, its grain its primary key
            assert table["grain"] == list(VALIDATION_KEY)
        elif name != "dim_build":
            assert table["grain"] == manifest.grain(name) and table["grain"], name
    by_name = {t["name"]: t for t in doc["tables"]}
    grid = by_name["fct_grid__yearly_carbon_intensity"]
    assert grid["grain"] == ["geography_code", "year", "source_id", "method"]
    assert {c["name"]: c["unit"] for c in grid["columns"]}["demand_twh"] == "TWh"
    sources = {s["source"]: s for s in grid["sources"]}
    ember, seeds = sources["ember"], sources["seeds"]
    assert grid["sources"][-1] == seeds  # the publishers' terms first, then our own compilations
    assert {"eia_epa", "electricitymaps", "owid"} <= set(sources)
    assert ember["source"] == "ember" and ember["licence"] == "CC BY 4.0"
    assert ember["licence_terms"]["name"] == "CC-BY-4.0" and ember["vintage"]
    assert seeds["source"] == "seeds" and seeds["licence_terms"]["name"] == "MIT"
    assert [s["source"] for s in by_name["dim_geography"]["sources"]] == ["seeds"]
    cloud = {s["source"] for s in by_name["fct_cloud__yearly_region_intensity"]["sources"]}
    assert {"gsf", "google"} <= cloud  # the unclear GSF terms reach the table they feed


def test_catalog_counts_every_exported_table(built):
    """The catalog's and dim_build's table and row counts are the exported tables', dim_build
    included (they once said 23 tables beside 24 files)."""
    doc = load(built, "catalog.json")
    files = {folder: sorted((exports(built) / folder).iterdir()) for folder in ("parquet", "csv")}
    assert doc["table_count"] == len(doc["tables"]) == len(files["parquet"]) == len(files["csv"])
    assert doc["row_count"] == sum(t["row_count"] for t in doc["tables"])
    assert query(built, "select table_count, row_count from marts.dim_build") == [
        (doc["table_count"], doc["row_count"])
    ]


def test_dbt_knows_the_builds_own_records(built):
    """dim_build and validation_results, which the build writes itself, are dbt's source
    build_records: dbt's docs describe them as the catalog does, column by column."""
    doc = json.loads((built.repo / "target/manifest.json").read_text())
    nodes = doc["sources"].values()
    declared = {n["name"]: n for n in nodes if n["source_name"] == "build_records"}
    tables = {t["name"]: t for t in load(built, "catalog.json")["tables"]}
    assert sorted(declared) == ["dim_build", VALIDATION_TABLE]
    for name, node in declared.items():
        assert node["schema"] == "marts" and node["description"] == tables[name]["description"]
        described = {c["name"]: c["description"] for c in tables[name]["columns"]}
        assert {c: v["description"] for c, v in node["columns"].items()} == described


def test_root_citation_carries_the_code_version():
    """The repository's CITATION.cff names the code's version (pyproject.toml); the exports'
    copy replaces it with the data version (test_data_version_is_stamped_everywhere)."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert cff["version"] == project["version"]


def test_data_package_is_valid_frictionless(built):
    from frictionless import validate

    report = validate(str(exports(built) / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:10]
    package = load(built, "datapackage.json")
    names = {r["path"] for r in package["resources"]}
    for table in load(built, "catalog.json")["tables"]:
        assert set(t["path"] for t in table["files"].values()) <= names
    grid = next(
        r for r in package["resources"] if r["title"] == "fct_grid__yearly_carbon_intensity"
    )
    fields = {f["name"]: f for f in grid["schema"]["fields"]}
    assert fields["demand_twh"] == {**fields["demand_twh"], "type": "number", "unit": "TWh"}
    assert grid["schema"]["primaryKey"] == ["geography_code", "year", "source_id", "method"]
    cc_by = {"title": "CC BY 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
    names = [lic.get("name") for lic in grid["licenses"]]
    assert names[-1] == "MIT" and {"CC-BY-4.0", "ODbL-1.0", "other-pd"} <= set(names)
    assert {**cc_by, "name": "CC-BY-4.0"} in grid["licenses"]


def test_frictionless_catches_a_file_that_is_not_described(built, tmp_path):
    """The check can fail: a copy whose CSV holds text in a number column is invalid."""
    from frictionless import validate

    copy = tmp_path / "exports"
    shutil.copytree(exports(built), copy)
    path = copy / "csv/fct_grid__yearly_carbon_intensity.csv"
    frame = pl.read_csv(path, infer_schema=False)  # text, so that the bad value fits
    column = "carbon_intensity_gco2e_per_kwh"
    frame = frame.with_columns(pl.col(column).replace(frame[column][0], "lots"))
    frame.write_csv(path)
    package = json.loads((copy / "datapackage.json").read_text())
    for resource in package["resources"]:  # so that only the content is wrong, not the hash
        resource.pop("hash"), resource.pop("bytes")
    (copy / "datapackage.json").write_text(json.dumps(package))
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert sorted({e[0] for e in report.flatten(["type"])}) == ["type-error"]


def test_licence_of_every_source_in_the_data_package(built):
    package = load(built, "datapackage.json")
    licences = [lic["title"] for lic in package["licenses"]]
    registry = load_registry(built.registry)
    for source in registry.values():
        assert any(t.startswith(source.licence) for t in licences), source.id
    odbl = next(t for t in licences if t.startswith("ODbL"))
    assert "SHARE-ALIKE" in odbl and "must be offered under the ODbL" in odbl
    unclear = next(t for t in licences if t.startswith(registry["gsf"].licence))
    assert "UNCLEAR TERMS" in unclear and "check with it before you redistribute" in unclear
    assert "SHARE-ALIKE" in package["description"] and "UNCLEAR TERMS" in package["description"]
    assert {s["path"] for s in package["sources"]} == {s.homepage for s in registry.values()}


def test_data_version_is_stamped_everywhere(built):
    doc = load(built, "catalog.json")
    version = doc["data_version"]
    date, short = version.split(".")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", date) and short == doc["data_sha256"][:12]
    content = "".join(
        f"{t['name']} {t['content_sha256']}\n"
        for t in sorted(doc["tables"], key=lambda t: t["name"])
        if t["name"] not in ("dim_build", VALIDATION_TABLE, "dim_source_landing")  # the build's
    )
    assert doc["data_sha256"] == hashlib.sha256(content.encode()).hexdigest()
    assert load(built, "datapackage.json")["version"] == version
    cff = yaml.safe_load((exports(built) / "CITATION.cff").read_text())
    assert cff["version"] == version and str(cff["date-released"]) == date
    assert {r["authors"][0]["name"] for r in cff["references"]} >= {"Ember"}
    for path in (built.warehouse, exports(built) / "warehouse.duckdb"):
        assert query(built, "select data_version, data_sha256 from marts.dim_build", path) == [
            (version, doc["data_sha256"])
        ]


def test_snapshot_holds_the_warehouse_tables_only(built):
    snapshot = exports(built) / "warehouse.duckdb"
    listing = """select schema_name, table_name from duckdb_tables()
                 union all select schema_name, view_name from duckdb_views() where not internal
                 order by all"""
    assert query(built, listing, snapshot) == query(built, listing)
    assert query(built, "select count(*) from duckdb_views() where not internal", snapshot) == [
        (0,)
    ]
    tag = "select tags['storage_version'] from duckdb_databases() where database_name = 'warehouse'"
    assert query(built, tag, snapshot) == [("v1.0.0+",)]


@pytest.fixture(scope="module")
def old_tools(tmp_path_factory) -> Path:
    """A throwaway environment with an older DuckDB and the CFF validator, from PyPI."""
    venv = tmp_path_factory.mktemp("old tools") / "venv"
    uv = [shutil.which("uv")] if shutil.which("uv") else [sys.executable, "-m", "uv"]
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "VIRTUAL_ENV": str(venv)}
    made = subprocess.run([*uv, "venv", "-q", "--python", "3.11", str(venv)], env=env)
    assert made.returncode == 0
    installed = subprocess.run(
        [*uv, "pip", "install", "-q", f"duckdb=={OLD_DUCKDB}", "cffconvert==2.0.0"],
        env=env,
        capture_output=True,
        text=True,
    )
    if installed.returncode and re.search("(?i)connect|network|dns|resolve", installed.stderr):
        pytest.skip(f"PyPI is not reachable, so no older DuckDB to test with: {installed.stderr}")
    assert installed.returncode == 0, installed.stderr
    return venv / "bin"


def test_an_older_duckdb_opens_the_snapshot(built, old_tools):
    script = """
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
print(duckdb.__version__, con.sql("select data_version from marts.dim_build").fetchall()[0][0],
      con.sql("select count(*) from marts.fct_grid__yearly_carbon_intensity").fetchall()[0][0])
"""
    for path in (exports(built) / "warehouse.duckdb", built.warehouse):
        done = subprocess.run(
            [old_tools / "python", "-c", script, path], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        version = load(built, "catalog.json")["data_version"]
        rows = query(built, "select count(*) from marts.fct_grid__yearly_carbon_intensity")
        assert done.stdout.split() == [OLD_DUCKDB, version, str(rows[0][0])]


def test_citation_files_are_valid_cff(built, old_tools):
    for path in (REPO / "CITATION.cff", exports(built) / "CITATION.cff"):
        done = subprocess.run(
            [old_tools / "cffconvert", "--validate", "-i", path], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_duckdb_cli_from_setup_opens_the_warehouse_read_only(built):
    """The README's line: `.venv/bin/duckdb -readonly warehouse.duckdb`."""
    cli = REPO / ".venv/bin/duckdb"
    done = subprocess.run(
        [
            cli,
            "-readonly",
            built.warehouse,
            "-csv",
            "-c",
            "select data_version from marts.dim_build",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["data_version", load(built, "catalog.json")["data_version"]]
    wrote = subprocess.run(
        [cli, "-readonly", built.warehouse, "-c", "create table marts.mine as select 1"],
        capture_output=True,
        text=True,
    )
    assert wrote.returncode != 0 and "read-only" in wrote.stderr + wrote.stdout


def test_failing_expectation_leaves_the_exports_whole(built):
    """A suite that fails stops the build before publishing: the exports stay as they were."""
    assert make(built).returncode == 0
    before = tree_digest(exports(built))
    suite = built.repo / "expectations/suites/zz_impossible.json"
    suite.write_text(
        json.dumps(
            {
                "name": "zz_impossible",
                "meta": {"mart": "dim_geography", "keys": [], "why": "a test"},
                "expectations": [
                    {"type": "expect_table_row_count_to_be_between", "kwargs": {"max_value": 1}}
                ],
            }
        )
    )
    try:
        result = make(built)
        assert result.returncode != 0 and "zz_impossible" in result.stderr
    finally:
        suite.unlink()
    assert tree_digest(exports(built)) == before
    assert not list(built.repo.glob(".exports.tmp-*"))


def test_export_failing_midway_leaves_the_exports_whole(built):
    """Exports written, then publishing fails: the old set stays, the scratch folder goes
    (and one a killed build left behind is cleared)."""
    out = exports(built)
    before, warehouse = tree_digest(out), digest(built.warehouse)
    killed = built.repo / ".exports.tmp-99999"
    killed.mkdir()

    def publish_fails():
        assert (out.parent / f".exports.tmp-{os.getpid()}" / "catalog.json").is_file()
        raise OSError("publishing failed")

    build_db, manifest = built.repo / "target/build.duckdb", built.repo / "target/manifest.json"
    with pytest.raises(OSError, match="publishing failed"):
        export(build_db, manifest, out, publish_fails)
    assert tree_digest(out) == before and digest(built.warehouse) == warehouse
    assert not list(built.repo.glob(".exports.tmp-*"))


def test_export_is_reproducible(built, tmp_path):
    """The same marts give the same files, so the same content hash."""
    out = tmp_path / "again"
    build_db, manifest = built.repo / "target/build.duckdb", built.repo / "target/manifest.json"
    again = export(build_db, manifest, out, lambda: None)
    doc = load(built, "catalog.json")
    assert again["data_sha256"] == doc["data_sha256"]
    for table in doc["tables"]:
        if table["name"] != "dim_build":
            path = table["files"]["csv"]["path"]
            assert (out / path).read_bytes() == (exports(built) / path).read_bytes()


def test_release_is_one_archive_with_its_checksum(built, tmp_path):
    dist = tmp_path / "dist"
    result = make(built, "release", env={"RELEASE_DIR": str(dist)})
    assert result.returncode == 0, result.stderr
    version = load(built, "catalog.json")["data_version"]
    stem = f"ai-energy-warehouse-{version}"
    archive = dist / stem / f"{stem}.zip"
    check = subprocess.run(["sha256sum", "-c", f"{archive.name}.sha256"], cwd=archive.parent)
    assert check.returncode == 0
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        assert zf.testzip() is None
    expected = {f"{stem}/{p}" for p in tree_digest(exports(built)) if not p.startswith(".")}
    assert names == expected
    assert os.listdir(dist) == [stem] and sorted(os.listdir(dist / stem)) == [
        archive.name,
        f"{archive.name}.sha256",
    ]


def _query(ws, *args):
    return subprocess.run(
        [REPO / ".venv/bin/python", "-m", "warehouse", "query", *args],
        cwd=REPO,
        env={**os.environ, "WAREHOUSE": str(ws.warehouse)},
        capture_output=True,
        text=True,
    )


def test_query_command_prints_a_table_or_csv(built):
    sql = """select geography_code, demand_twh from marts.fct_grid__yearly_carbon_intensity
             where year = 2024 and geography_code in ('IRL', 'USA') and is_primary order by 1"""
    table = _query(built, sql)
    assert table.returncode == 0, table.stderr
    assert re.search(r"IRL\s*│\s*33\.2", table.stdout) and "USA" in table.stdout
    as_csv = _query(built, "--csv", sql)
    assert as_csv.stdout == "geography_code,demand_twh\nIRL,33.2\nUSA,4386.5\n"


@pytest.mark.parametrize(
    "sql",
    [
        "create table marts.mine as select 1",
        "delete from marts.dim_source",
        "attach 'elsewhere.duckdb' as other",
        "copy (select 1) to 'out.csv'",
        "set enable_external_access = true",
    ],
)
def test_query_command_cannot_write(built, sql, tmp_path):
    before = digest(built.warehouse)
    done = _query(built, sql)
    assert done.returncode == 1 and done.stderr.startswith("error: ")
    assert digest(built.warehouse) == before
    assert not (REPO / "elsewhere.duckdb").exists() and not (REPO / "out.csv").exists()
