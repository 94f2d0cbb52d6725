"""The build's steps, in the order `make build` takes them: ingest (the ingest package lands
the sources), dbt (warehouse.build), the Great Expectations suites (the expectations package),
then publish (warehouse.publish: the warehouse and the exports together); and the steps that
start from a published build (release, PostgreSQL, docs). Each brings its output up to date
and skips itself when its inputs did not change (a stamp in the build folder holds their
fingerprint): a build with nothing new lands nothing, runs no dbt and publishes nothing. Only
`ingest` may download."""

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from warehouse.build import rebuild
from warehouse.build.dbt import DBT_BUILT, dbt, dbt_ahead, run_dbt
from warehouse.console import say
from warehouse.errors import WarehouseError
from warehouse.lock import make_dir
from warehouse.settings import Run, Settings
from warehouse.stamps import files, fingerprint, published_stamp, read_stamp, write_stamp

PUBLISH_INPUTS = ("expectations", "warehouse", "CITATION.cff")  # what publishing reads
DOCS_INPUTS = ("docs", "mkdocs.yml", "warehouse", "ingest", "expectations")  # what the site reads


def ingest(run: Run) -> int:
    """Fetch what is missing, verify what is landed, land what changed."""
    from ingest.run import land_sources  # polars and pandera load only when a table lands

    make_dir(run.settings.data_dir)
    return land_sources(run.settings.ingest)


def validate(
    run: Run, seconds: dict[str, float] | None = None, ahead: subprocess.Popen | None = None
) -> int:
    """dbt if needed (in `ahead`, dbt's process started as ingest started, if given), then
    the Great Expectations suites, then publish the warehouse and the exports together (both
    or neither); `seconds` gets each step's time."""
    seconds = {} if seconds is None else seconds
    with _timed(seconds, "dbt"):
        code = dbt(run, meanwhile=_load_validation_libraries, ahead=ahead)
    if code:
        return code
    with _timed(seconds, "validate_export"):
        return _check_and_publish(run, seconds)


@contextmanager
def _timed(seconds: dict[str, float], step: str) -> Iterator[None]:
    start = time.monotonic()
    try:
        yield
    finally:
        seconds[step] = round(time.monotonic() - start, 3)


def _check_and_publish(run: Run, seconds: dict[str, float]) -> int:
    from warehouse.publish.database import SNAPSHOT, link_warehouse, remove_leftovers
    from warehouse.publish.export import export  # the exports' libraries load only to publish

    settings = run.settings
    dest, out = settings.warehouse, settings.exports_dir
    remove_leftovers(dest, out)  # a killed build's: the lock is ours
    inputs = fingerprint(
        [settings.build_dir / DBT_BUILT, *files(settings.repo, PUBLISH_INPUTS)],
        extra=f"{dest}\0{out}",
    )
    stamp = settings.build_dir / ".published"
    if read_stamp(stamp) == published_stamp(inputs, dest, out / "catalog.json"):
        say(f"warehouse: up to date ({dest}; exports in {out})")
        rebuild.remember(settings, _published_sha256(out))
        return 0
    from expectations.run import run as run_expectations  # GX loads only to validate

    rebuilt = _rebuilt_since_published(settings)
    # Passed, the results go into the build database's marts (so the warehouse and exports);
    # failed, nothing is published and target/validation.html says what failed.
    page = settings.build_dir / "validation.html"
    with _timed(seconds, "gx"):
        code = run_expectations(settings.build_db, page=page, changed=rebuilt)
    if code:
        say("nothing published: the warehouse and the exports are as they were")
        return code
    try:
        with _timed(seconds, "export"):
            build = export(
                settings.build_db,
                settings.manifest,
                out,
                lambda: link_warehouse(dest, out / SNAPSHOT),
                rebuilt,
            )
    except WarehouseError as exc:
        say(f"error: {exc}")
        return 1
    say(f"published {dest} and the exports in {out} (data version {build['data_version']})")
    rebuild.remember(settings, build["data_sha256"])
    return write_stamp(stamp, published_stamp(inputs, dest, out / "catalog.json"), "publish")


def _load_validation_libraries() -> None:
    """Great Expectations and plotly take seconds to import: done while dbt runs."""
    try:
        import great_expectations  # noqa: F401
        import plotly.graph_objects  # noqa: F401
    except ImportError:  # said where they are used
        pass


def _published_sha256(exports: Path) -> str:
    return json.loads((exports / "catalog.json").read_text())["data_sha256"]


def _rebuilt_since_published(settings: Settings) -> set[str] | None:
    """The models dbt built again since the build database published the exports now in
    place, or None (a full build, or other exports): then every check runs and every file
    is written."""
    found = rebuild.rebuilt_since(settings)
    exports = settings.exports_dir
    if found and (exports / "catalog.json").is_file() and _published_sha256(exports) == found[0]:
        return found[1]
    return None


def build(run: Run) -> int:
    """Each step in turn; the seconds each took, and some of their parts, go to
    $BUILD_DIR/timings.json (make bench): dbt's includes any wait for its parse."""
    seconds: dict[str, float] = {}
    with dbt_ahead(run) as ahead:  # dbt imports and parses while ingest lands
        with _timed(seconds, "ingest"):
            code = ingest(run)
        code = code or validate(run, seconds, ahead)
    with suppress(OSError):  # a record only: a full disk is said where it struck
        (run.settings.build_dir / "timings.json").write_text(json.dumps(seconds) + "\n")
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
    from warehouse.publish.release import release as pack

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
    from warehouse.serve.bi import load  # psycopg loads only to load

    # libpq's own defaults (the PG* variables) say where
    return _after_validate(run, lambda: load(run.settings.exports_dir, "", run.settings.bi))


def bi_local(run: Run) -> int:
    """A local PostgreSQL server under the build folder, started and loaded for a BI tool."""
    from warehouse.serve.bi import load
    from warehouse.serve.bi_local import load_settings, settings_text, start

    build_dir = run.settings.build_dir

    def start_and_load() -> str:
        info = start(build_dir, run.settings.bi)
        bi = load_settings(run.settings.bi, build_dir)
        loaded = load(run.settings.exports_dir, info, bi)
        return f"{loaded}\n{settings_text(info, bi, build_dir)}"

    return _after_validate(run, start_and_load)


def bi_local_stop(run: Run) -> int:
    from warehouse.serve.bi_local import stop

    try:
        say(stop(run.settings.build_dir))
    except WarehouseError as exc:
        say(f"error: {exc}")
        return 1
    return 0


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
    (mkdocs.yml; warehouse.serve.site generates its dictionary, cookbook and lists) into
    $BUILD_DIR/site, with dbt's file in it. --strict: a broken link or anchor fails it.
    Skipped while nothing they are made from changed (about 10 s otherwise)."""
    if code := dbt(run):
        return code
    settings = run.settings
    site, static = settings.build_dir / "site", settings.build_dir / "static_index.html"
    stamp, inputs = settings.build_dir / ".docs-built", docs_inputs(settings)
    said = f"docs: {site / 'index.html'} (dbt's own: {static})"
    if read_stamp(stamp) == inputs and (site / "index.html").is_file() and static.is_file():
        say(f"{said}, up to date")
        return 0
    stamp.unlink(missing_ok=True)  # a failed MkDocs run may leave part of a site
    if code := run_dbt(run, ["docs", "generate", "--static"]):
        return code
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=settings.repo,
        env=settings.process_env(),  # MkDocs' hooks read the same settings
    )
    if done.returncode:
        return done.returncode
    say(said)
    return write_stamp(stamp, inputs, "docs")


def docs_inputs(settings: Settings) -> str:
    """What the docs are made from: the build database's inputs (dbt's stamp), the published
    warehouse (the dictionary's row counts), the hand-written pages, the code that generates
    the others, the suites and the registry."""
    made_from = [settings.build_dir / DBT_BUILT, *files(settings.repo, DOCS_INPUTS)]
    made_from += sorted(settings.registry_dir.glob("*.yml"))
    return fingerprint(
        made_from, extra=published_stamp(str(settings.build_dir), settings.warehouse)
    )
