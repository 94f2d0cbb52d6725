"""The benchmark's parts at small scale (no timing is asserted): scaled EIA-930 data keeps
the schema and multiplies the rows through the real landing; landing in batches (as large
files are) gives the same Parquet and the same bad-input errors; the results file's shape."""

import json
import sys

import polars as pl
import pyarrow.parquet as pq
import pytest

import bench.__main__ as bench
from bench import checks, measure, scale_data
from bench.workspace import scale_workspace
from ingest import cli, land, readers
from ingest.registry import load_registry
from ingest.settings import use
from tests.conftest import force_reland
from tests.fixtures import eia930_ruggles as fixture

LANDS = ["eia930_ruggles"]
TABLE = "raw/eia930_ruggles/demand_hourly.parquet"


def test_scaled_data_keeps_the_schema_and_multiplies_the_rows(landed, tmp_path, monkeypatch):
    base = pl.read_parquet(landed.data / TABLE)
    ws = scale_workspace(landed.mirror, tmp_path / "bench", 3, registry=landed.registry)
    with use(ws.settings.ingest):  # pins, checks: the real path
        assert cli.main(["land", "--source", "eia930_ruggles"]) == 0
    scaled = pl.read_parquet(ws.data / TABLE)
    assert scaled.schema == base.schema
    assert scaled.height == 3 * base.height
    assert scaled.select("region_code", "datetime_utc").is_unique().all()
    added = scaled.filter(~pl.col("region_code").is_in(base["region_code"].unique().implode()))
    assert added.height == 2 * base.height
    assert added["cleaned_demand_mw"].min() > 0
    assert set(added["category"]) <= set(base["category"].drop_nulls())
    # generated once and cached: a second call writes nothing
    stamp = scale_data.scale_dir(tmp_path / "bench", 3) / "mirror" / scale_data.MIRROR_DIR
    before = (stamp / ".generated.json").stat().st_mtime_ns
    scale_data.write_scale_mirror(landed.mirror, tmp_path / "bench", 3)
    assert (stamp / ".generated.json").stat().st_mtime_ns == before


def _batched(monkeypatch, rows: int) -> None:
    """Land every file as a large one, in batches of `rows` rows."""
    for module in (land, readers):
        monkeypatch.setattr(module, "LARGE_BYTES", 1)
        monkeypatch.setattr(module, "BATCH_ROWS", rows)


def test_batched_landing_writes_the_same_parquet(landed, monkeypatch):
    whole = pl.read_parquet(landed.data / TABLE)
    _batched(monkeypatch, 20)
    force_reland(monkeypatch, "demand_hourly")
    assert landed.land("eia930_ruggles") == 0
    assert pq.ParquetFile(landed.data / TABLE).num_row_groups > 1  # it did go in batches
    assert pl.read_parquet(landed.data / TABLE).equals(whole)


def test_batched_landing_finds_a_key_repeated_in_another_batch(landed, monkeypatch, capsys):
    path = landed.mirror / fixture.DIR / "DUK.csv"
    lines = path.read_text().split("\n")
    assert lines[2].startswith("2020-01-01 01:00:00")
    lines[39] = "2020-01-01 01:00:00" + lines[39][len("2020-01-01 01:00:00") :]
    path.write_text("\n".join(lines))
    landed.pin("eia930_ruggles")
    _batched(monkeypatch, 20)  # rows 3 and 40 of DUK.csv fall in different batches
    landed.land_fails(
        capsys,
        "eia930_ruggles",
        "file DUK.csv",
        "region_code, datetime_utc",
        "duplicate key",
        "rows 3, 40",
    )


def test_results_file_and_table(tmp_path):
    allocate = [
        sys.executable,
        "-c",
        "x = bytearray(200 * 1024**2); x[::4096] = b'1' * len(x[::4096])",
    ]
    runs = [measure.run(allocate, {}, tmp_path, tmp_path / f"{i}.log") for i in range(3)]
    assert all(r["peak_bytes"] >= 200 * 1024**2 for r in runs)  # the child's memory, not ours
    step = bench.summary(runs)
    assert step["runs"] == 3
    assert step["seconds"]["min"] <= step["seconds"]["median"] <= step["seconds"]["max"]
    scale = {"rows": 1000, "csv_bytes": None, "landing_ratio": 1.0, "marts_ratio": 1.0}
    for part in (
        "landing",
        "bare_copy",
        "hourly_marts",
        "hourly_marts_sql_in_dbt",
        "bare_marts_sql",
    ):
        scale[part] = step
    results = {
        "machine": bench.machine(),
        "runs": 3,
        "build": {
            **{name: dict.fromkeys((*bench.STEPS, "total"), step) for name in bench.BUILDS},
            "noop": step,
            "checks": {"dbt_nodes": 7, "pandera": 3, "dbt_data_tests": 5, "checks": 8},
        },
        "scale": {"10x": scale, "50x": scale},
        "spark": {"seconds": 5.0, "peak_bytes": None, "error": "make spark exited 2"},
    }
    bench.write(tmp_path / "results.json", results)
    assert (tmp_path / "results.json").read_text().startswith("{")
    text = bench.table(results)
    assert "| cold build: dbt |" in text and "| 50x hourly: bare DuckDB COPY | 1,000 |" in text
    assert "| rebuild, one knob changed: total |  | " in text and "| ≤ 10 s |" in text
    assert "| rebuild, ember re-landed: dbt |  | " in text  # each step, as the build timed it
    assert "growth 10x -> 50x (linear is 5x): landing 1.0x" in text
    assert "checks executed by a cold build: 8 (pandera 3, dbt data tests 5); dbt ran 7" in text
    assert "make spark exited 2" in text
    results["spark"].update(nodes=10, failed=["row_checks_x"])  # its tests ran: name those
    assert "1 of 10 nodes failed: row_checks_x" in bench.table(results)


def test_a_build_that_misses_its_target_says_where_its_time_went():
    """The parts a build timed (warehouse.steps' timings.json) and dbt's run of its nodes by
    kind (run_results.json), as medians, printed for the builds slower than their target."""
    seconds = {"ingest": 7.5, "dbt": 20.0, "validate_export": 8.0}
    seconds |= {"gx": 3.0, "export": 4.5}
    node = {"unique_id": "model.p.fct_x", "execution_time": 2.0}
    hook = {"unique_id": "operation.p.p-on-run-start-0", "execution_time": 0.01}
    results = {"elapsed_time": 15.0, "results": [node, {**node, "unique_id": "test.p.t"}, hook]}
    one = bench.profile(seconds, results)
    assert one["ingest"] == 7.5 and one["dbt start, parse and plan"] == 5.0
    assert (one["nodes: model"], one["nodes: model count"], one["nodes: test count"]) == (2, 1, 1)
    assert "nodes: operation" not in one
    slower = bench.profile({**seconds, "gx": 5.0, "ingest": 6.5}, results)
    profile = bench.medians([one, slower, slower])
    assert (profile["Great Expectations"], profile["ingest"]) == (5.0, 6.5)

    def timed(total: float) -> dict:
        return {"total": {"seconds": {"median": total}}}

    build = {"cold": timed(45.0), "one_source_changed": timed(14.0), "one_knob_changed": timed(12)}
    build["profile"] = dict.fromkeys(bench.BUILDS, profile)
    cold, knob = bench.profile_lines(build)
    assert cold.startswith("where the cold build (45.0 s, target 30 s) goes: ingest 6.5; ")
    assert "Great Expectations 5.0; exports, report, publish 4.5 " in cold
    assert "over dbt's threads: 1 models 2.0 s, 1 tests 2.0 s)" in cold
    assert knob.startswith("where the rebuild, one knob changed (12.0 s, target 10 s) goes")


def test_measure_names_a_failing_command(tmp_path):
    with pytest.raises(RuntimeError, match="exited 3"):
        measure.run([sys.executable, "-c", "exit(3)"], {}, tmp_path, tmp_path / "x.log")


def test_bench_needs_a_mirror(monkeypatch, capsys):
    monkeypatch.delenv("SOURCE_MIRROR", raising=False)
    assert bench.main() == 2
    assert "SOURCE_MIRROR" in capsys.readouterr().err


def test_checks_are_counted_per_column_and_once(tmp_path):
    """A row_checks test counts a check for its grain, per required column, per reference,
    per range, per column of accepted values and per expression (the tests it stands for); a
    required column its contract holds not null is the same check, counted once; pandera
    counts only the landed tables."""

    def test(uid, name, kwargs, where=None):
        meta = {"name": name, "kwargs": kwargs}
        node = {"resource_type": "test", "test_metadata": meta, "config": {"where": where}}
        return uid, {**node, "attached_node": "model.p.fct_x"}

    contract = {"contract": {"enforced": True}}
    model = {"resource_type": "model", "unique_id": "model.p.fct_x", "config": contract}
    model["columns"] = {"a": {"constraints": [{"type": "not_null"}]}, "b": {"constraints": []}}
    nodes = dict(
        [
            ("model.p.fct_x", model),
            test(
                "test.p.t1",
                "row_checks",
                {
                    "unique": ["a", "b"],
                    "not_null": ["a", "b", "c"],  # a: the contract's already
                    "references": [{"column": "b", "to": "ref('dim_x')", "field": "b"}],
                    "ranges": [
                        {"column": "a", "min_value": 0},
                        {"column": "a", "max_value": 9, "inclusive": False},
                    ],
                    "accepted_values": [{"column": "b", "values": ["x", "y"]}],
                    "expressions": ["a <= b"],
                },
            ),
            test("test.p.t2", "not_null", {"column_name": "a"}),  # the contract's already
            test("test.p.t3", "not_null", {"column_name": "a"}, where="b > 0"),
        ]
    )
    (tmp_path / "manifest.json").write_text(json.dumps({"nodes": nodes, "unit_tests": {}}))
    results = [{"unique_id": uid} for uid in nodes]
    (tmp_path / "run_results.json").write_text(json.dumps({"results": results}))
    raw = tmp_path / "data" / "raw" / "ember"
    raw.mkdir(parents=True)
    found = checks.count(tmp_path, tmp_path / "data")
    assert found["dbt_nodes"] == 4 and found["pandera"] == 0
    assert (found["contracts"], found["contract_constraints"], found["dbt_data_tests"]) == (1, 1, 9)
    (raw / "country_yearly.manifest.json").write_text("{}")
    schema = load_registry()["ember"].tables["country_yearly"].schema_model().to_schema()
    assert checks.pandera_checks(tmp_path / "data") > len(schema.columns)  # a check or more each
