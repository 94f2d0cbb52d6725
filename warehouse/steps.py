"""The build's steps. Each brings its output up to date and skips itself when its inputs did
not change (a stamp in the build folder holds their fingerprint): a build with nothing new
lands nothing, runs no dbt and publishes nothing. Only `ingest` may download."""

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ingest.errors import is_disk_full
from ingest.manifests import landed_fault
from warehouse.errors import WarehouseError
from warehouse.lock import make_dir
from warehouse.settings import Run, Settings

DBT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests/dbt")
PUBLISH_INPUTS = ("expectations", "warehouse", "CITATION.cff")  # what publishing reads


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ingest(run: Run) -> int:
    """Fetch what is missing, verify what is landed, land what changed."""
    from ingest.run import land_sources  # polars and pandera load only when a table lands

    make_dir(run.settings.data_dir)
    return land_sources(run.settings.ingest)


def dbt(run: Run) -> int:
    """Build seeds, models and dbt tests into the build database from the landed files."""
    settings = run.settings
    if (fingerprint := dbt_inputs(settings)) is None:
        return 1
    stamp = settings.build_dir / ".dbt-built"
    if read_stamp(stamp) == fingerprint and settings.build_db.is_file():
        say("dbt: up to date (nothing landed and no model changed)")
        return 0
    stamp.unlink(missing_ok=True)
    for path in (settings.build_db, Path(f"{settings.build_db}.wal")):
        path.unlink(missing_ok=True)  # ours: the lock keeps every other build out
    say(f"dbt: building {settings.build_db}")
    code = run_dbt(run, ["build"])
    return code or write_stamp(stamp, fingerprint, "dbt")


def dbt_inputs(settings: Settings) -> str | None:
    """The fingerprint of what dbt builds from (the project, the landed files and the dbt
    vars), or None, having said why, when nothing is landed or a landed file fails
    verification."""
    data_dir = settings.data_dir
    manifests = sorted(data_dir.glob("raw/*/*.manifest.json"))
    if not manifests:
        say(f"nothing is landed in {data_dir}: run `make build` (or `make ingest`) first")
        return None
    if faults := _landed_faults(manifests):
        for fault in faults:
            say(f"landed file fails verification: {fault}")
        say("dbt did not run: `make ingest` (or `make build`) re-lands these files")
        return None
    extra = f"{data_dir.resolve()}\0{settings.dbt_vars}"
    return fingerprint(files(settings.repo, DBT_INPUTS) + manifests, extra=extra)


def validate(run: Run) -> int:
    """dbt if needed, then the Great Expectations suites, then publish the warehouse and the
    exports together (both or neither)."""
    if code := dbt(run):
        return code
    from warehouse.export import export  # the exports' libraries load only to publish
    from warehouse.publish import SNAPSHOT, link_warehouse, remove_leftovers

    settings = run.settings
    dest, out = settings.warehouse, settings.exports_dir
    remove_leftovers(dest, out)  # a killed build's: the lock is ours
    inputs = fingerprint(
        [settings.build_dir / ".dbt-built", *files(settings.repo, PUBLISH_INPUTS)],
        extra=f"{dest}\0{out}",
    )
    stamp = settings.build_dir / ".published"
    if read_stamp(stamp) == published_stamp(inputs, dest, out / "catalog.json"):
        say(f"warehouse: up to date ({dest}; exports in {out})")
        return 0
    from expectations.run import run as run_expectations  # GX loads only to validate

    # Passed, the results go into the build database's marts (so the warehouse and exports);
    # failed, nothing is published and target/validation.html says what failed.
    page = settings.build_dir / "validation.html"
    if code := run_expectations(settings.build_db, page=page):
        say("nothing published: the warehouse and the exports are as they were")
        return code
    try:
        build = export(
            settings.build_db,
            settings.manifest,
            out,
            lambda: link_warehouse(dest, out / SNAPSHOT),
        )
    except WarehouseError as exc:
        say(f"error: {exc}")
        return 1
    say(f"published {dest} and the exports in {out} (data version {build['data_version']})")
    return write_stamp(stamp, published_stamp(inputs, dest, out / "catalog.json"), "publish")


def build(run: Run) -> int:
    code = ingest(run) or validate(run)
    if code == 0 and (stale := _stale_tables(run.settings)):  # KEEP_GOING kept their last good
        say(f"built with {len(stale)} stale table(s) (see dim_source.is_stale): {', '.join(stale)}")
    return code


def _stale_tables(settings: Settings) -> list[str]:
    manifests = sorted(settings.data_dir.glob("raw/*/*.manifest.json"))
    return [
        m["source_id"]
        for m in map(json.loads, map(Path.read_text, manifests))
        if m.get("stale_since")
    ]


def report(run: Run) -> int:
    page = run.settings.exports_dir / "report" / "index.html"
    return _after_validate(run, lambda: f"report: {page}")


def release(run: Run) -> int:
    """The exports, validated and up to date, packed into one zip and its checksum."""
    from warehouse.release import release as pack

    def pack_exports() -> str:
        archive, made = pack(run.settings.exports_dir, run.settings.release_dir)
        if not made:
            return (
                f"release: {archive} and its .sha256, made before for this data version and "
                f"kept (a version is released once; remove {archive.parent} to make it again)"
            )
        return f"release: {archive} and {archive.name}.sha256"

    return _after_validate(run, pack_exports)


def bi_postgres(run: Run) -> int:
    """The exports, validated and up to date, loaded into PostgreSQL in one transaction."""
    from warehouse.bi import load  # psycopg loads only to load

    return _after_validate(run, lambda: load(run.settings.exports_dir))


def _after_validate(run: Run, action: Callable[[], str]) -> int:
    """Bring the warehouse and exports up to date, then run `action`, saying what it returns;
    an error it explains is said in one line and exits 1."""
    if code := validate(run):
        return code
    try:
        say(action())
    except WarehouseError as exc:
        say(f"error: {exc}")
        return 1
    return 0


def docs(run: Run) -> int:
    """dbt docs as one offline HTML file in the build folder, then the documentation site
    (mkdocs.yml; warehouse.site generates its dictionary, cookbook and lists) into
    $BUILD_DIR/site, with dbt's file in it. --strict: a broken link or anchor fails it."""
    if code := dbt(run) or run_dbt(run, ["docs", "generate", "--static"]):
        return code
    settings = run.settings
    site = settings.build_dir / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=settings.repo,
        env=settings.process_env(),  # MkDocs' hooks read the same settings
    )
    if done.returncode == 0:
        say(f"docs: {site / 'index.html'} (dbt's own: {settings.build_dir / 'static_index.html'})")
    return done.returncode


def run_dbt(run: Run, args: list[str], env: dict[str, str] | None = None) -> int:
    """Run dbt from the repository root against the build database (`env` adds to or
    overrides its environment). Its output is shown as dbt wrote it, except on a full disk:
    then one line says so instead of pages of logging errors."""
    settings = run.settings
    done = subprocess.run(
        settings.dbt_command(args),
        cwd=settings.repo,
        env=settings.dbt_env(**(env or {})),
        pass_fds=(run.lock,) if run.lock >= 0 else (),  # dbt holds the build lock too
        capture_output=True,
        text=True,
    )
    if done.returncode and is_disk_full(Exception(done.stdout + done.stderr)):
        say(
            f"dbt: the disk is full: cannot write in {settings.build_dir}. Free some space and "
            f"run the build again; {settings.warehouse.name} is unchanged."
        )
        return done.returncode
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    return done.returncode


def _landed_faults(manifests: list[Path]) -> list[str]:
    faults = []
    for path in manifests:
        manifest = json.loads(path.read_text())
        if fault := landed_fault(manifest):
            faults.append(f"{manifest['source_id']}: {fault}")
    return faults


def files(repo: Path, roots: tuple[str, ...]) -> list[Path]:
    """Every file under `roots` (folders or files of the repository), in a stable order."""
    paths = []
    for root in roots:
        path = repo / root
        paths += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return [p for p in paths if "__pycache__" not in p.parts]


def fingerprint(paths: list[Path], extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def published_stamp(inputs: str, *published: Path) -> str:
    """The inputs' fingerprint and the published files as they were left: a warehouse or
    export set deleted, replaced or written to by a client is published again."""
    try:
        stats = [path.stat() for path in published]
    except FileNotFoundError:
        return ""
    return " ".join([inputs, *(f"{st.st_size} {st.st_mtime_ns}" for st in stats)])


def write_stamp(stamp: Path, text: str, step: str) -> int:
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


def read_stamp(path: Path) -> str | None:
    try:
        return path.read_text()
    except FileNotFoundError:
        return None
