"""The same dbt project on Apache Spark (`make spark`) and its marts set beside DuckDB's
(`make compare-engines`).

Spark runs in a local session inside dbt's process (dbt-spark's session method, the `spark`
target in profiles.yml) with a catalog in memory: every run starts from nothing in
<build dir>/spark, registers the landed files as tables, builds every model and runs every
dbt test, and leaves each mart as Parquet in <build dir>/spark/marts/<table>/. Like the
DuckDB build, it is skipped when neither the project nor the landed files changed."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import time

from ingest.manifests import parquet_path
from ingest.registry import load_registry
from ingest.settings import use
from warehouse.build.compare import compare, dbt_marts, grain_keys
from warehouse.build.dbt import dbt, dbt_inputs, run_dbt
from warehouse.console import say
from warehouse.settings import Run, Settings
from warehouse.stamps import read_stamp

JAVA_MAJOR = 17  # pyspark 4 needs Java 17 or later
INSTALL_HINT = "`make system-deps` installs Debian's openjdk-17-jre-headless; or set JAVA_HOME"


def spark(run: Run) -> int:
    """Build every model and run every dbt test on Spark, from the landed files (or only
    the settings' `spark_select`, a dbt selection such as `+fct_x`, and their tests)."""
    if problem := missing_tools():
        say(f"spark: {problem}")
        return 1
    settings = run.settings
    if (fingerprint := dbt_inputs(settings)) is None:
        return 1
    spark_dir = settings.spark_dir
    stamp = spark_dir / ".spark-built"
    fingerprint += f" {settings.spark_select}".rstrip()
    if read_stamp(stamp) == fingerprint:
        say("spark: up to date (nothing landed and no model changed)")
        return 0
    shutil.rmtree(spark_dir, ignore_errors=True)  # the catalog starts empty every run
    spark_dir.mkdir(parents=True)
    what = f"`{settings.spark_select}`" if settings.spark_select else "every model"
    say(f"spark: building {what} and running its dbt tests into {spark_dir}")
    started = time.monotonic()
    select = ["--select", settings.spark_select] if settings.spark_select else []
    select += ["--indirect-selection", "cautious"] if select else []  # no test on an unbuilt model
    code = run_dbt(
        run,
        ["build", "--target", "spark", *select],
        env={
            "SPARK_BUILD_DIR": str(spark_dir),
            "DBT_TARGET_PATH": str(spark_dir / "dbt"),
            "DBT_LOG_PATH": str(spark_dir / "logs"),
            "SPARK_LOCAL_IP": "127.0.0.1",  # the driver listens on loopback only
            "SPARK_UNLANDED_TABLES": ",".join(unlanded_tables(settings)),
        },
    )
    if code == 0:
        stamp.write_text(fingerprint)
        seconds = time.monotonic() - started
        say(f"spark: done in {seconds:.0f} s; the marts are Parquet in {spark_dir / 'marts'}")
    return code


def unlanded_tables(settings: Settings) -> list[str]:
    """Tables with no landed file (a live source whose key is not set). Spark cannot read
    a file that is not there; it registers these empty, as landed_or_empty does on DuckDB."""
    with use(settings.ingest):
        tables = [t for source in load_registry().values() for t in source.tables.values()]
        return sorted(t.qualified_name for t in tables if not parquet_path(t).exists())


def compare_engines(run: Run) -> int:
    """Bring both builds up to date from the same landed files, then compare every mart."""
    if code := dbt(run) or spark(run):
        return code
    settings = run.settings
    marts_dir = settings.spark_dir / "marts"
    marts = dbt_marts(settings.manifest)
    if settings.spark_select:  # only the selection's marts: Spark built no other
        results = json.loads((settings.spark_dir / "dbt" / "run_results.json").read_text())
        marts &= {r["unique_id"].split(".")[-1] for r in results["results"]}
    differences = compare(settings.build_db, marts_dir, grain_keys(settings.manifest), marts)
    for difference in differences:
        say(f"compare-engines: {difference}")
    if differences:
        say(f"compare-engines: {len(differences)} differences between DuckDB and Spark")
        return 1
    built = sorted(p.name for p in marts_dir.iterdir() if p.is_dir())
    say(f"compare-engines: the {len(built)} marts are the same on DuckDB and Spark")
    return 0


def missing_tools() -> str | None:
    """What `make spark` lacks (pyspark, in .venv-spark, or Java 17), or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed: `make spark` runs in .venv-spark, which has it"
    return java_problem()


def java_problem() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    java = os.path.join(java_home, "bin", "java") if java_home else shutil.which("java")
    if not java or not os.path.exists(java):
        return f"Spark needs Java {JAVA_MAJOR} or later, and no java was found ({INSTALL_HINT})"
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)', version)
    if not match or int(match.group(1)) < JAVA_MAJOR:
        found = version.splitlines()[0] if version else java
        return f"Spark needs Java {JAVA_MAJOR} or later; found {found} ({INSTALL_HINT})"
    return None
