"""The dbt step: seeds, models and dbt tests into the build database, from the landed files,
skipped while neither the project nor a landed file changed; and how every dbt run is made
(`run_dbt`: the settings' environment, the build lock passed on)."""

import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import is_disk_full
from ingest.manifests import landed_fault
from warehouse.build import rebuild
from warehouse.build.contract import broken_contracts
from warehouse.console import say
from warehouse.settings import Run, Settings
from warehouse.stamps import files, fingerprint, read_stamp, write_stamp

DBT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests/dbt")
PARSED = ".dbt-parsed"  # the project and data folder dbt's saved parse was made for


def dbt(run: Run, meanwhile: Callable[[], None] | None = None) -> int:
    """Build seeds, models and dbt tests into the build database from the landed files;
    `meanwhile` runs in a thread of this process while dbt's process works (the next step's
    slow imports use the second core then)."""
    settings = run.settings
    if (fingerprint := dbt_inputs(settings)) is None:
        return 1
    stamp = settings.build_dir / ".dbt-built"
    if read_stamp(stamp) == fingerprint and settings.build_db.is_file():
        say("dbt: up to date (nothing landed and no model changed)")
        return 0
    stamp.unlink(missing_ok=True)
    how = rebuild.plan(settings)
    rebuild.forget(settings)  # from here the database is no last good build
    helper = threading.Thread(target=meanwhile, daemon=True) if meanwhile else None
    if helper:
        helper.start()
    try:
        code = _build(run, how)
    finally:
        if helper:
            helper.join()
    return code or write_stamp(stamp, fingerprint, "dbt")


def _build(run: Run, how: "rebuild.Plan | str") -> int:
    settings = run.settings
    if isinstance(how, rebuild.Plan):
        say(f"dbt: building only what the changed {how.why} reach, in {settings.build_db}")
        code = _rebuild(run, how)
        if code == 0:
            rebuild.note_rebuilt(settings, how.since, _tables_built(settings))
    else:
        for path in (settings.build_db, Path(f"{settings.build_db}.wal")):
            path.unlink(missing_ok=True)  # ours: the lock keeps every other build out
        say(f"dbt: building {settings.build_db} in full ({how})")
        code = run_dbt(run, ["build"]) or write_stamp(
            settings.build_dir / PARSED, _parse_key(settings), "dbt"
        )
    return code


@contextmanager
def parsed_meanwhile(run: Run) -> Iterator[None]:
    """While the block runs (ingest lands), dbt parses the project in a process of its own
    on the second core, when its saved parse is not of this project: the dbt step then
    starts from that parse instead of parsing (about 10 s) itself. Only time depends on it:
    a parse that fails or does not match is made again by the dbt step, which says why."""
    settings = run.settings
    key = _parse_key(settings)
    if read_stamp(settings.build_dir / PARSED) == key:
        yield
        return
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    rebuild.note_parse(settings)  # dbt's saved parse will hold these vars
    parse = subprocess.Popen(
        settings.dbt_command(["parse"]),
        cwd=settings.repo,
        env=settings.dbt_env(),
        pass_fds=(run.lock,) if run.lock >= 0 else (),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        if parse.wait() == 0:
            write_stamp(settings.build_dir / PARSED, key, "dbt parse")


def _parse_key(settings: Settings) -> str:
    """What dbt's parse depends on: the project and the data folder (the sources' locations);
    not the vars, which a knob's rebuild gives the run only (warehouse.build.reparse_free)."""
    return fingerprint(files(settings.repo, DBT_INPUTS), extra=str(settings.data_dir.resolve()))


def _rebuild(run: Run, how: "rebuild.Plan") -> int:
    """dbt build of the plan's selection, on dbt's saved parse (warehouse.build.reparse_free)."""
    settings = run.settings
    args = settings.dbt_command(["build", "--select", *how.select, *how.exclude, *how.state])[1:]
    command = [sys.executable, "-m", "warehouse.build.reparse_free", how.parse_vars, *args]
    return _run(run, command)


def _tables_built(settings: Settings) -> list[str]:
    """The models and seeds dbt wrote (a suite's query may read a seed: reference.<seed>)."""
    results = json.loads((settings.build_dir / "run_results.json").read_text())["results"]
    built = [r["unique_id"] for r in results if r["unique_id"].startswith(("model.", "seed."))]
    return [uid.split(".")[-1] for uid in built]


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


def run_dbt(run: Run, args: list[str], env: dict[str, str] | None = None) -> int:
    """Run dbt from the repository root against the build database (`env` adds to or
    overrides its environment). Its output is shown as dbt wrote it, except on a full disk:
    then one line says so instead of pages of logging errors."""
    run.settings.build_dir.mkdir(parents=True, exist_ok=True)
    rebuild.note_parse(run.settings)  # dbt's saved parse will hold these vars
    return _run(run, run.settings.dbt_command(args), env)


def _run(run: Run, command: list[str], env: dict[str, str] | None = None) -> int:
    settings = run.settings
    done = subprocess.run(
        command,
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
    if done.returncode:
        for line in broken_contracts(
            done.stdout + done.stderr, settings.build_dir, settings.build_db
        ):
            say(line)
    return done.returncode


def _landed_faults(manifests: list[Path]) -> list[str]:
    faults = []
    for path in manifests:
        manifest = json.loads(path.read_text())
        if fault := landed_fault(manifest):
            faults.append(f"{manifest['source_id']}: {fault}")
    return faults
