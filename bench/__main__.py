"""`make bench`: the build's speed and memory, written to $BUILD_DIR/bench/results.json and
printed as a table. Each figure is the median of BENCH_RUNS runs (default 3) with its min and
max; peak memory is the resident memory of the whole process tree (bench.measure).

- build: the environment from the lock (`uv sync` into an empty folder), a cold `make build`
  from SOURCE_MIRROR with the time of each step as the build took it (ingest, with dbt's
  import and parse beside it; dbt, with any wait for that parse; the GX suites and the
  publishing of warehouse and exports), a no-op `make build`, and a rebuild after one
  table's landing went missing (it re-lands, dbt and GX run again); with the number of
  checks the cold build executed and of dbt nodes it ran (bench.checks); then a rebuild
  after one scenario knob changed (`make build DBT_VARS=...`). Both rebuilds start from the
  last good build (warehouse.build.rebuild); each row shows its target (issue 21).
- scale: EIA-930-shaped hourly demand at BENCH_SCALES times the mirror's (default 1,10,50;
  bench.scale_data), landed through the real ingest path with full validation, then the
  hourly marts built by dbt; beside each its bare twin: a DuckDB COPY of the same CSVs to
  Parquet, and the marts' compiled SQL run directly in DuckDB on the same database.
- spark (BENCH_SPARK=1, needs `make setup-spark`): `make spark` on the largest scale's landed
  files, with dbt's timing of the hourly marts from its run_results.json.
"""

import json
import os
import platform
import shutil
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psutil

from bench import checks, measure
from bench.workspace import Workspace, build_workspace, scale_workspace
from ingest.paths import REPO_ROOT
from warehouse.settings import Settings

HOURLY_MARTS = ["fct_grid__hourly_demand", "fct_grid__yearly_demand"]
HOURLY_SOURCE = "eia930_ruggles"
CHANGED_TABLE = "ember"  # its landing is removed before the "one source changed" rebuild
CHANGED_KNOB = "ai_share_of_dc_2030"  # set to another value in each run's knob rebuild
KNOB_VALUES = (0.5, 0.55, 0.6, 0.65, 0.7)
BUILDS = {  # the timed `make build`s: results key -> their rows' name
    "cold": "cold build",
    "one_source_changed": f"rebuild, {CHANGED_TABLE} re-landed",
    "one_knob_changed": "rebuild, one knob changed",
}
TARGETS = {  # seconds, on the 2-core machine of issue 21
    f"{BUILDS['cold']}: total": 30,
    "no-op build": 1,
    f"{BUILDS['one_source_changed']}: total": 15,
    f"{BUILDS['one_knob_changed']}: total": 10,
}


def main() -> int:
    settings = Settings.from_env()
    mirror = settings.mirror
    if mirror is None or not mirror.is_dir():
        print("make bench needs SOURCE_MIRROR=<dir> (the publishers' files)", file=sys.stderr)
        return 2
    bench_dir = settings.build_dir.resolve() / "bench"
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    scales = [int(k) for k in os.environ.get("BENCH_SCALES", "1,10,50").split(",")]
    results: dict[str, Any] = {"machine": machine(), "runs": runs, "scale": {}}
    results |= {"build": None, "spark": None}
    out = bench_dir / "results.json"
    if os.environ.get("BENCH_SKIP_BUILD") != "1":
        results["build"] = bench_build(build_workspace(bench_dir, mirror), runs)
        results["build"]["environment"] = bench_environment(bench_dir, runs)
    for k in scales:
        ws = scale_workspace(mirror, bench_dir, k)
        results["scale"][f"{k}x"] = bench_scale(ws, runs)
        write(out, results)
    if os.environ.get("BENCH_SPARK") == "1":
        results["spark"] = bench_spark(scale_workspace(mirror, bench_dir, max(scales)))
    write(out, results)
    print(table(results))
    print(f"\nwritten: {out}")
    return 0


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "memory_bytes": psutil.virtual_memory().total,
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "versions": {p: version(p) for p in ("duckdb", "polars", "pandera", "dbt-core")},
        "load_1min_at_start": os.getloadavg()[0],
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def make(ws: Workspace, target: str, log: Path, **env: str) -> dict:
    cmd = ["make", "--no-print-directory", target]
    return measure.run(cmd, {**ws.env(), **env}, REPO_ROOT, log)


def bench_build(ws: Workspace, runs: int) -> dict:
    logs = ws.root / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    timed: dict[str, dict[str, list[dict]]] = {
        name: {step: [] for step in (*STEPS, "total")} for name in BUILDS
    }
    parts: dict[str, list[dict]] = {name: [] for name in BUILDS}
    noop = []
    for i in range(runs):
        ws.clear()
        _build(ws, logs / f"cold-{i}.log", timed["cold"], parts["cold"])
        found = checks.count(ws.build, ws.data)  # the same in every run: the last is kept
        noop.append(make(ws, "build", logs / f"noop-{i}.log"))
        shutil.rmtree(ws.data / "raw" / CHANGED_TABLE)
        _build(
            ws, logs / f"changed-{i}.log", timed["one_source_changed"], parts["one_source_changed"]
        )
        knobs = f"{{{CHANGED_KNOB}: {KNOB_VALUES[i % len(KNOB_VALUES)]}}}"
        _build(
            ws,
            logs / f"knob-{i}.log",
            timed["one_knob_changed"],
            parts["one_knob_changed"],
            DBT_VARS=knobs,
        )
    steps = {name: {step: summary(rs) for step, rs in t.items()} for name, t in timed.items()}
    profiles = {name: medians(p) for name, p in parts.items()}
    return {**steps, "noop": summary(noop), "checks": found, "profile": profiles}


# A `make build`'s steps, timed by the build (warehouse.steps writes timings.json): dbt
# imports and parses the project while ingest lands, and the GX libraries load while dbt runs.
STEPS = ("ingest", "dbt", "validate_export")


def _build(
    ws: Workspace, log: Path, into: dict[str, list[dict]], parts: list[dict], **env: str
) -> None:
    """One timed `make build`, each of its steps (a step's peak is the whole build's), and
    where its time went (`profile`)."""
    total = make(ws, "build", log, **env)
    seconds = json.loads((ws.build / "timings.json").read_text())
    for step in STEPS:
        into[step].append({"seconds": seconds[step], "peak_bytes": total["peak_bytes"]})
    into["total"].append(total)
    parts.append(profile(seconds, json.loads((ws.build / "run_results.json").read_text())))


def profile(seconds: dict[str, float], run_results: dict) -> dict[str, float]:
    """Where one build's seconds went: the parts its steps timed (warehouse.steps), and dbt's
    run of the nodes, with each kind's own seconds summed over dbt's threads (so they add up
    to more than the run when threads overlap)."""
    run = run_results["elapsed_time"]
    parts = {
        "ingest": seconds["ingest"],
        "dbt start, parse and plan": seconds["dbt"] - run,  # its parse began with ingest
        "dbt running the nodes": run,
        "Great Expectations": seconds.get("gx", 0.0),
        "exports, report, publish": seconds.get("export", 0.0),
    }
    for result in run_results["results"]:
        if result["unique_id"].startswith("operation."):  # the on-run-start hook
            continue
        kind = f"nodes: {result['unique_id'].split('.')[0]}"
        parts[kind] = parts.get(kind, 0.0) + result["execution_time"]
        parts[f"{kind} count"] = parts.get(f"{kind} count", 0) + 1
    return parts


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    keys = dict.fromkeys(k for r in runs for k in r)
    return {k: measure.stats([r.get(k, 0.0) for r in runs])["median"] for k in keys}


def bench_environment(bench_dir: Path, runs: int) -> dict | None:
    """`make setup`'s `uv sync` from the lock into an empty environment, uv's cache as any
    install leaves it (packages downloaded once): resolving, linking and compiling .pyc."""
    if (uv := shutil.which("uv")) is None:
        return None
    venv, log = bench_dir / "venv", bench_dir / "logs" / "environment.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON_DOWNLOADS": "never"}
    results = []
    for _ in range(runs):
        shutil.rmtree(venv, ignore_errors=True)
        cmd = [uv, "sync", "--frozen", "--python", "3.11"]
        results.append(measure.run(cmd, env, REPO_ROOT, log))
    shutil.rmtree(venv)
    return summary(results)


def bench_scale(ws: Workspace, runs: int) -> dict:
    """Land the hourly source and build its marts, each beside its bare DuckDB twin."""
    logs = ws.root / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = ws.env()
    prepared = ws.build / ".bench-prepared"
    if not prepared.is_file():  # the other sources once, untimed; seeds and views
        ws.clear()
        _check(["make", "--no-print-directory", "ingest"], env, logs / "prepare-ingest.log")
        _check(ws.settings.dbt_command(["seed"]), _dbt_env(ws), logs / "prepare-seed.log")
        _check(ws.settings.dbt_command(["run"]), _dbt_env(ws), logs / "prepare-run.log")
        prepared.touch()
    land, copy, marts, models, bare = [], [], [], [], []
    for i in range(runs):
        shutil.rmtree(ws.data / "raw" / HOURLY_SOURCE, ignore_errors=True)
        cmd = [sys.executable, "-m", "ingest", "land", "--source", HOURLY_SOURCE]
        land.append(measure.run(cmd, env, REPO_ROOT, logs / f"land-{i}.log"))
        copy.append(_bare_copy(ws, logs / f"copy-{i}.log"))
        select = ["--select", *HOURLY_MARTS]
        dbt_run = ws.settings.dbt_command(["run", *select])
        marts.append(measure.run(dbt_run, _dbt_env(ws), REPO_ROOT, logs / "m.log"))
        run_results = json.loads((ws.build / "run_results.json").read_text())["results"]
        models.append({"seconds": sum(r["execution_time"] for r in run_results), "peak_bytes": 0})
        bare.append(_bare_marts(ws, logs / f"bare-{i}.log"))
    manifest = json.loads(
        (ws.data / "raw" / HOURLY_SOURCE / "demand_hourly.manifest.json").read_text()
    )
    result = {
        "rows": manifest["rows_in"],
        "csv_bytes": sum(f["bytes"] for f in manifest.get("files", []) if "bytes" in f) or None,
        "landing": summary(land),
        "bare_copy": summary(copy),
        "hourly_marts": summary(marts),
        "hourly_marts_sql_in_dbt": summary(models),  # dbt's own timing, without start/parse
        "bare_marts_sql": summary(bare),
    }
    result["landing_ratio"] = ratio(result["landing"], result["bare_copy"])
    result["marts_ratio"] = ratio(result["hourly_marts"], result["bare_marts_sql"])
    return result


def _dbt_env(ws: Workspace) -> dict:
    return ws.settings.dbt_env()


def _check(cmd: list[str], env: dict, log: Path) -> None:
    measure.run(cmd, env, REPO_ROOT, log)


def _bare_copy(ws: Workspace, log: Path) -> dict:
    """The same CSVs to one Parquet file by DuckDB alone: no checks, no provenance."""
    csvs = sorted(
        p
        for p in (ws.mirror / "eia930_cleaned_demand_ruggles").resolve().glob("*.csv")
        if not p.name.startswith("balancing_authority")
    )
    dest = ws.root / "bare" / "demand_hourly.parquet"
    dest.parent.mkdir(parents=True, exist_ok=True)
    sql = (
        f"copy (select * from read_csv({[str(p) for p in csvs]!r}, union_by_name = true, "
        f"filename = true)) to '{dest}' (format parquet, compression zstd)"
    )
    return measure.run(
        [sys.executable, "-c", _DUCKDB_RUN, ":memory:", sql], ws.env(), REPO_ROOT, log
    )


def _bare_marts(ws: Workspace, log: Path) -> dict:
    """The hourly marts' SQL as dbt compiled it, run directly in DuckDB as new tables."""
    compiled = ws.build / "compiled" / "ai_energy" / "models" / "marts" / "grid"
    sql = ";\n".join(
        f"create or replace table main.bare_{m} as {(compiled / f'{m}.sql').read_text()}"
        for m in HOURLY_MARTS
    )
    db = str(ws.settings.build_db)
    return measure.run([sys.executable, "-c", _DUCKDB_RUN, db, sql], _dbt_env(ws), REPO_ROOT, log)


_DUCKDB_RUN = "import duckdb, sys; duckdb.connect(sys.argv[1]).execute(sys.argv[2])"


def bench_spark(ws: Workspace) -> dict:
    """`make spark` on the landed files of this workspace, with dbt's time for each hourly
    mart. Synthetic regions are not in dim_geography, so their row_checks tests may fail: the
    models' times still count (dbt writes run_results.json either way) and the error is kept."""
    env = ws.env()
    log = ws.root / "logs" / "spark.log"
    results = ws.build / "spark" / "dbt" / "run_results.json"
    results.unlink(missing_ok=True)
    start = time.time()
    try:
        res = measure.run(["make", "--no-print-directory", "spark"], env, REPO_ROOT, log)
    except RuntimeError as exc:
        res = {"seconds": time.time() - start, "peak_bytes": None, "error": str(exc)[-2000:]}
    if results.is_file():
        nodes = json.loads(results.read_text())["results"]
        name = {r["unique_id"]: r["unique_id"].split(".")[2] for r in nodes}  # type.project.name
        res["models_seconds"] = {
            name[r["unique_id"]]: r["execution_time"]
            for r in nodes
            if name[r["unique_id"]] in HOURLY_MARTS
        }
        res["nodes"] = len(nodes)
        res["failed"] = [name[r["unique_id"]] for r in nodes if r["status"] in ("fail", "error")]
    return res


def checks_line(found: dict) -> str:
    """The checks a cold build executed (bench.checks), and dbt's nodes that ran them."""
    parts = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in found.items() if k in CHECKS)
    return (
        f"checks executed by a cold build: {found['checks']:,} ({parts}); "
        f"dbt ran {found['dbt_nodes']:,} nodes"
    )


CHECKS = (
    "pandera",
    "dbt_data_tests",
    "dbt_unit_tests",
    "contracts",
    "contract_constraints",
    "gx_expectations",
)


def profile_lines(build: dict) -> list[str]:
    """For each timed build that misses its target, where its seconds went (medians)."""
    lines = []
    for name, what in BUILDS.items():
        total = build[name]["total"]["seconds"]["median"]
        target = TARGETS[f"{what}: total"]
        if total <= target:
            continue
        parts = build["profile"][name]
        kinds = [k for k in parts if k.startswith("nodes: ") and not k.endswith(" count")]
        nodes = ", ".join(
            f"{parts[f'{k} count']:.0f} {k[7:].replace('_', ' ')}s {parts[k]:.1f} s" for k in kinds
        )
        steps = "; ".join(f"{k} {v:.1f}" for k, v in parts.items() if not k.startswith("nodes"))
        lines.append(
            f"where the {what} ({total:.1f} s, target {target} s) goes: {steps} "
            f"(the nodes' own seconds, over dbt's threads: {nodes})"
        )
    return lines


def summary(results: list[dict]) -> dict:
    return {
        "seconds": measure.stats([r["seconds"] for r in results]),
        "peak_bytes": measure.stats([r["peak_bytes"] for r in results]),
        "runs": len(results),
    }


def ratio(a: dict, b: dict) -> float:
    return a["seconds"]["median"] / b["seconds"]["median"]


def write(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")


def table(results: dict) -> str:
    """The results as a Markdown table (the Performance page, docs/performance.md, pastes it)."""
    m = results["machine"]
    lines = [
        f"{m['cores']} cores, {m['memory_bytes'] / 1024**3:.0f} GiB, Python {m['python']}, "
        + ", ".join(f"{p} {v}" for p, v in m["versions"].items())
        + f"; load {m['load_1min_at_start']:.1f} at start; {results['runs']} runs, "
        + m["started_utc"],
        "",
        "| what | rows | seconds (median, min-max) | target | peak MiB (median) | vs bare DuckDB |",
        "|---|---:|---:|---:|---:|---:|",
    ]

    def row(what, s, rows="", vs=""):
        t = s["seconds"]
        target = f"≤ {TARGETS[what]} s" if what in TARGETS else ""
        lines.append(
            f"| {what} | {rows} | {t['median']:.1f} ({t['min']:.1f}-{t['max']:.1f}) | {target} "
            f"| {s['peak_bytes']['median'] / 1024**2:.0f} | {vs} |"
        )

    if b := results["build"]:
        if b.get("environment"):
            row("environment from the lock (uv sync)", b["environment"])
        for name, what in BUILDS.items():
            for step, s in b[name].items():
                row(f"{what}: {step}", s)
            if name == "cold":
                row("no-op build", b["noop"])
    for k, s in results["scale"].items():
        row(
            f"{k} hourly: landing + validation",
            s["landing"],
            f"{s['rows']:,}",
            f"{s['landing_ratio']:.2f}x",
        )
        row(f"{k} hourly: bare DuckDB COPY", s["bare_copy"], f"{s['rows']:,}")
        row(
            f"{k} hourly marts (dbt run)",
            s["hourly_marts"],
            f"{s['rows']:,}",
            f"{s['marts_ratio']:.2f}x",
        )
        t = s["hourly_marts_sql_in_dbt"]["seconds"]["median"]
        lines.append(
            f"| {k} hourly marts: their SQL as dbt timed it | {s['rows']:,} | {t:.1f} | | | |"
        )
        row(f"{k} hourly marts: bare SQL", s["bare_marts_sql"], f"{s['rows']:,}")
    if (b := results["build"]) and b.get("checks"):
        lines += ["", checks_line(b["checks"])]
    if b and b.get("profile"):
        lines += ["", *profile_lines(b)]
    scale = results["scale"]
    if "10x" in scale and "50x" in scale:
        grow = {
            part: scale["50x"][part]["seconds"]["median"] / scale["10x"][part]["seconds"]["median"]
            for part in ("landing", "bare_copy", "hourly_marts", "bare_marts_sql")
        }
        lines.append("")
        lines.append(
            "growth 10x -> 50x (linear is 5x): "
            + ", ".join(f"{p} {g:.1f}x" for p, g in grow.items())
        )
    if sp := results.get("spark"):
        models = ", ".join(f"{k} {v:.1f} s" for k, v in sp.get("models_seconds", {}).items())
        lines += ["", f"spark (make spark on the largest scale): {sp['seconds']:.0f} s"]
        if sp.get("peak_bytes"):
            lines[-1] += f", peak {sp['peak_bytes'] / 1024**2:.0f} MiB"
        lines[-1] += f"; hourly marts as dbt timed them: {models or 'none'}"
        if sp.get("failed"):
            lines[-1] += f"; {len(sp['failed'])} of {sp['nodes']} nodes failed: "
            lines[-1] += ", ".join(sp["failed"])
        elif "error" in sp:
            lines[-1] += f"; it failed: {sp['error'][-300:]}"
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
