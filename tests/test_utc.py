"""Time is UTC everywhere: landed instants are typed `timestamp with time zone` in the dbt
sources, and dbt's DuckDB session is pinned to UTC (profiles.yml), so a build or a reader on a
machine in another zone sees the same hours."""

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import polars as pl
import pytest
import yaml

from ingest.paths import DBT_STAGING_DIR
from tests.conftest import saved_parse

REPO = Path(__file__).resolve().parent.parent
LANDS = ["eia930_ruggles", "eia930_usgrid"]
ZONE = "America/New_York"  # UTC-5 in January
FIRST = "(select min(datetime_utc) from {{ source('eia930_ruggles', 'demand_hourly') }})"
SHOW = (
    "select current_setting('TimeZone') as zone, hour(datetime_utc) as hour_of_day, "
    "cast(cast(datetime_utc as date) as varchar) as day "
    "from {{ source('eia930_ruggles', 'demand_hourly') }} "
    f"where datetime_utc = {FIRST}"
)


def test_landed_columns_are_typed_as_landed(landed):
    """The generated dbt sources name each column's type as DuckDB reads it from the Parquet:
    an instant is `timestamp with time zone`, never a naive `timestamp`."""
    for source_id in LANDS:
        doc = yaml.safe_load(
            (DBT_STAGING_DIR / source_id / f"_{source_id}__sources.yml").read_text()
        )
        for table in doc["sources"][0]["tables"]:
            parquet = landed.data / "raw" / source_id / f"{table['name']}.parquet"
            actual = dict(
                duckdb.sql(f"describe select * from '{parquet}'").fetchall_raw()
                if False
                else [
                    (r[0], r[1])
                    for r in duckdb.sql(f"describe select * from '{parquet}'").fetchall()
                ]
            )
            declared = {c["name"]: c["data_type"].upper() for c in table["columns"]}
            assert declared == actual, f"{source_id}.{table['name']}"
    assert declared["datetime_utc"] == "TIMESTAMP WITH TIME ZONE"


@pytest.mark.slow
@pytest.mark.xdist_group("dbt_parse")  # on the worker that parses the project (test_layers.py)
def test_dbt_session_is_utc_on_a_machine_in_another_zone(landed):
    first = pl.read_parquet(landed.data / "raw/eia930_ruggles/demand_hourly.parquet")[
        "datetime_utc"
    ].min()
    # dbt runs in the workspace, whose data/ and target/build.duckdb are dbt's defaults: with
    # neither variable set its parse is test_layers.py's, and it starts from the saved one.
    settings = replace(landed.settings, build_dir=landed.root / "target")
    assert settings.data_dir == landed.root / "data"
    env = settings.dbt_env(TZ=ZONE)
    del env["WAREHOUSE_DATA_DIR"], env["BUILD_DB"]
    show = ["show", "--project-dir", str(REPO), "--inline", SHOW, "--limit", "1"]
    with saved_parse(settings.build_dir):
        done = subprocess.run(
            settings.dbt_command([*show, "--output", "json"]),
            cwd=landed.root,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    row = json.loads(done.stdout)["show"][0]
    assert row["zone"] in ("UTC", "Etc/UTC")
    assert (row["hour_of_day"], row["day"]) == (first.hour, first.date().isoformat())

    # The same instant in a session left to the machine's zone shows another hour: the pin matters.
    code = (
        "import duckdb, sys; "
        "print(duckdb.sql(f\"select hour(timestamptz '{sys.argv[1]}')\").fetchall()[0][0])"
    )
    local = subprocess.run(
        [sys.executable, "-c", code, first.isoformat()],
        env={**os.environ, "TZ": ZONE},
        capture_output=True,
        text=True,
    )
    assert int(local.stdout) == (first.hour - 5) % 24, local.stderr
