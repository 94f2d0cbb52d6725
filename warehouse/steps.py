"""The build's steps. Each brings its output up to date and skips itself when its inputs did
not change (a stamp in the build folder holds their fingerprint): a build with nothing new
lands nothing, runs no dbt and publishes nothing. Only `ingest` may download."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from ingest.errors import is_disk_full
from ingest.manifests import landed_fault
from warehouse.lock import make_dir
from warehouse.paths import (
    REPO_ROOT,
    build_db,
    build_dir,
    data_dir,
    exports_dir,
    release_dir,
    warehouse_path,
)

DBT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests/dbt")
PUBLISH_INPUTS = ("expectations", "warehouse", "CITATION.cff")  # what publishing reads


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ingest(lock: int) -> int:
    """Fetch what is missing, verify what is landed, land what changed."""
    from ingest.cli import main as ingest_main

    make_dir(data_dir())
    return ingest_main(["land"])


def dbt(lock: int) -> int:
    """Build seeds, models and dbt tests into the build database from the landed files."""
    if (fingerprint := dbt_inputs()) is None:
        return 1
    stamp = build_dir() / ".dbt-built"
    if _read(stamp) == fingerprint and build_db().is_file():
        say("dbt: up to date (nothing landed and no model changed)")
        return 0
    stamp.unlink(missing_ok=True)
    for path in (build_db(), Path(f"{build_db()}.wal")):
        path.unlink(missing_ok=True)  # ours: the lock keeps every other build out
    say(f"dbt: building {build_db()}")
    code = run_dbt(["build"], lock)
    return code or _write_stamp(stamp, fingerprint, "dbt")


def dbt_inputs() -> str | None:
    """The fingerprint of what dbt builds from (the project and the landed files), or None,
    having said why, when nothing is landed or a landed file fails verification."""
    manifests = sorted(data_dir().glob("raw/*/*.manifest.json"))
    if not manifests:
        say(f"nothing is landed in {data_dir()}: run `make build` (or `make ingest`) first")
        return None
    if faults := _landed_faults(manifests):
        for fault in faults:
            say(f"landed file fails verification: {fault}")
        say("dbt did not run: `make ingest` (or `make build`) re-lands these files")
        return None
    try:
        dbt_vars = _dbt_vars()
    except ValueError as exc:
        say(f"error: {exc}")
        return None
    return _fingerprint(_files(DBT_INPUTS) + manifests, extra=f"{data_dir().resolve()}\0{dbt_vars}")


def validate(lock: int) -> int:
    """dbt if needed, then the Great Expectations suites, then publish the warehouse and the
    exports together (both or neither)."""
    if code := dbt(lock):
        return code
    from warehouse.export import ExportError, export
    from warehouse.publish import SNAPSHOT, PublishError, link_warehouse, remove_leftovers

    dest, out = warehouse_path(), exports_dir()
    remove_leftovers(dest, out)  # a killed build's: the lock is ours
    fingerprint = _fingerprint(
        [build_dir() / ".dbt-built", *_files(PUBLISH_INPUTS)], extra=f"{dest}\0{out}"
    )
    stamp = build_dir() / ".published"
    if _read(stamp) == _published_stamp(fingerprint, dest, out / "catalog.json"):
        say(f"warehouse: up to date ({dest}; exports in {out})")
        return 0
    from expectations.run import run as run_expectations

    # Passed, the results go into the build database's marts (so the warehouse and exports);
    # failed, nothing is published and target/validation.html says what failed.
    if code := run_expectations(build_db(), page=build_dir() / "validation.html"):
        say("nothing published: the warehouse and the exports are as they were")
        return code
    try:
        build = export(
            build_db(),
            build_dir() / "manifest.json",
            out,
            lambda: link_warehouse(dest, out / SNAPSHOT),
        )
    except (PublishError, ExportError) as exc:
        say(f"error: {exc}")
        return 1
    say(f"published {dest} and the exports in {out} (data version {build['data_version']})")
    return _write_stamp(stamp, _published_stamp(fingerprint, dest, out / "catalog.json"), "publish")


def build(lock: int) -> int:
    code = ingest(lock) or validate(lock)
    if code == 0 and (stale := _stale_tables()):  # KEEP_GOING kept their last good landing
        say(f"built with {len(stale)} stale table(s) (see dim_source.is_stale): {', '.join(stale)}")
    return code


def _stale_tables() -> list[str]:
    manifests = sorted(data_dir().glob("raw/*/*.manifest.json"))
    return [
        m["source_id"]
        for m in map(json.loads, map(Path.read_text, manifests))
        if m.get("stale_since")
    ]


def report(lock: int) -> int:
    return _after_validate(lock, lambda: f"report: {exports_dir() / 'report' / 'index.html'}")


def release(lock: int) -> int:
    """The exports, validated and up to date, packed into one zip and its checksum."""
    from warehouse.release import ReleaseError
    from warehouse.release import release as pack

    def pack_exports() -> str:
        archive, made = pack(exports_dir(), release_dir())
        if not made:
            return (
                f"release: {archive} and its .sha256, made before for this data version and "
                f"kept (a version is released once; remove {archive.parent} to make it again)"
            )
        return f"release: {archive} and {archive.name}.sha256"

    return _after_validate(lock, pack_exports, ReleaseError)


def bi_postgres(lock: int) -> int:
    """The exports, validated and up to date, loaded into PostgreSQL in one transaction."""
    from warehouse.bi import BiError, load

    return _after_validate(lock, lambda: load(exports_dir()), BiError)


def bi_local(lock: int) -> int:
    """A local PostgreSQL server under the build folder, started and loaded for a BI tool."""
    from warehouse.bi import BiError, load, settings
    from warehouse.bi_local import BiLocalError, load_env, settings_text, start

    def start_and_load() -> str:
        env = load_env(start())
        os.environ.update(env)  # the loader reads libpq's PG* variables
        schema, reader, _ = settings()
        return f"{load(exports_dir())}\n{settings_text(env, reader, schema)}"

    return _after_validate(lock, start_and_load, (BiError, BiLocalError))


def bi_local_stop(lock: int) -> int:
    from warehouse.bi_local import BiLocalError, stop

    try:
        say(stop())
    except BiLocalError as exc:
        say(f"error: {exc}")
        return 1
    return 0


def _after_validate(lock: int, action, errors: tuple[type[Exception], ...] | type = ()) -> int:
    """Bring the warehouse and exports up to date, then run `action`, saying what it returns;
    an error it explains (`errors`) is said in one line and exits 1."""
    if code := validate(lock):
        return code
    try:
        say(action())
    except errors as exc:
        say(f"error: {exc}")
        return 1
    return 0


def docs(lock: int) -> int:
    """dbt docs as one offline HTML file in the build folder, then the documentation site
    (mkdocs.yml; warehouse.site generates its dictionary, cookbook and lists) into
    $BUILD_DIR/site, with dbt's file in it. --strict: a broken link or anchor fails it."""
    if code := dbt(lock) or run_dbt(["docs", "generate", "--static"], lock):
        return code
    site = build_dir() / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=REPO_ROOT,
        env={**os.environ, "BUILD_DIR": str(build_dir()), "WAREHOUSE": str(warehouse_path())},
    )
    if done.returncode == 0:
        say(f"docs: {site / 'index.html'} (dbt's own: {build_dir() / 'static_index.html'})")
    return done.returncode


def run_dbt(args: list[str], lock: int, env: dict[str, str] | None = None) -> int:
    """Run dbt from the repository root against the build database (`env` adds to or
    overrides its environment). Its output is shown as dbt wrote it, except on a full disk:
    then one line says so instead of pages of logging errors."""
    env = {
        **os.environ,
        "WAREHOUSE_PATH": str(build_db()),
        "WAREHOUSE_DATA_DIR": str(data_dir().resolve()),
        "DBT_TARGET_PATH": str(build_dir()),
        "DBT_LOG_PATH": str(build_dir() / "logs"),
        "DBT_PROFILES_DIR": str(REPO_ROOT),
        **(env or {}),
    }
    dbt_exe = Path(sys.executable).parent / "dbt"
    dbt_vars = ["--vars", _dbt_vars()] if _dbt_vars() else []
    done = subprocess.run(
        [str(dbt_exe), *args, *dbt_vars, "--quiet", "--no-use-colors"],
        cwd=REPO_ROOT,
        env=env,
        pass_fds=(lock,),  # dbt holds the build lock too, should this process die first
        capture_output=True,
        text=True,
    )
    if done.returncode and is_disk_full(Exception(done.stdout + done.stderr)):
        say(
            f"dbt: the disk is full: cannot write in {build_dir()}. Free some space and run "
            f"the build again; {warehouse_path().name} is unchanged."
        )
        return done.returncode
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    return done.returncode


def _dbt_vars() -> str:
    """DBT_VARS, the user's dbt vars (`make build DBT_VARS='{ai_share_of_dc_2030: 0.6}'`),
    passed to every dbt run and part of the build's fingerprint, so a change rebuilds. Each
    knob is checked against its range (warehouse/knobs.py) before dbt runs."""
    from warehouse.knobs import problems

    text = os.environ.get("DBT_VARS", "").strip()
    if text:
        try:
            parsed = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", exc)  # one line, not the YAML's pointer drawing
            raise ValueError(f"DBT_VARS is not YAML: {text!r} ({problem})") from exc
        if not isinstance(parsed, dict):
            raise ValueError(f"DBT_VARS must be a mapping such as '{{name: value}}': {text!r}")
        if found := problems(parsed):
            raise ValueError("DBT_VARS refused, dbt did not run: " + "; ".join(found))
    return text


def _landed_faults(manifests: list[Path]) -> list[str]:
    faults = []
    for path in manifests:
        manifest = json.loads(path.read_text())
        if fault := landed_fault(manifest):
            faults.append(f"{manifest['source_id']}: {fault}")
    return faults


def _files(roots: tuple[str, ...]) -> list[Path]:
    paths = []
    for root in roots:
        path = REPO_ROOT / root
        paths += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return [p for p in paths if "__pycache__" not in p.parts]


def _fingerprint(paths: list[Path], extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def _published_stamp(fingerprint: str, *published: Path) -> str:
    """The inputs' fingerprint and the published files as they were left: a warehouse or
    export set deleted, replaced or written to by a client is published again."""
    try:
        stats = [path.stat() for path in published]
    except FileNotFoundError:
        return ""
    return " ".join([fingerprint, *(f"{st.st_size} {st.st_mtime_ns}" for st in stats)])


def _write_stamp(stamp: Path, text: str, step: str) -> int:
    """A step's stamp, or on a full disk one line saying so (the step runs again next time)."""
    try:
        stamp.write_text(text)
    except OSError as exc:
        stamp.unlink(missing_ok=True)
        if not is_disk_full(exc):
            raise
        say(
            f"{step}: the disk is full: cannot write in {stamp.parent}. Free some space and run "
            "the build again."
        )
        return 1
    return 0


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except FileNotFoundError:
        return None
