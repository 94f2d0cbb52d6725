"""The dbt step: seeds, models and dbt tests into the build database, from the landed files,
skipped while neither the project nor a landed file changed, on dbt's saved parse
(`_reparse_free`, in the process `dbt_ahead` started beside ingest when there is one); and
how every other dbt run is made (`run_dbt`: the settings' environment, the build lock passed
on)."""

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
from warehouse.build.reparse_free import PARSE_FAILED
from warehouse.console import say
from warehouse.settings import Run, Settings
from warehouse.stamps import files, fingerprint, read_stamp, write_stamp

DBT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests/dbt")
DBT_BUILT = ".dbt-built"  # the stamp of what the build database was built from


def dbt(
    run: Run,
    meanwhile: Callable[[], None] | None = None,
    ahead: subprocess.Popen | None = None,
) -> int:
    """Build seeds, models and dbt tests into the build database from the landed files;
    `meanwhile` runs in a thread of this process while dbt's process works (the next step's
    slow imports use the second core then); `ahead` is dbt's process if `dbt_ahead` started
    it."""
    settings = run.settings
    if (fingerprint := dbt_inputs(settings)) is None:
        return 1
    if _built_from(settings, fingerprint):
        say("dbt: up to date (nothing landed and no model changed)")
        return 0
    stamp = settings.build_dir / DBT_BUILT
    stamp.unlink(missing_ok=True)
    how = rebuild.plan(settings)
    rebuild.forget(settings)  # from here the database is no last good build
    helper = threading.Thread(target=meanwhile, daemon=True) if meanwhile else None
    if helper:
        helper.start()
    try:
        code = _build(run, how, ahead)
    finally:
        if helper:
            helper.join()
    return code or write_stamp(stamp, fingerprint, "dbt")


def _build(run: Run, how: "rebuild.Plan | str", ahead: subprocess.Popen | None) -> int:
    settings = run.settings
    if isinstance(how, rebuild.Plan):
        say(f"dbt: building only what the changed {how.why} reach, in {settings.build_db}")
        args = ["build", "--select", *how.select, *how.exclude, *how.state]
    else:
        for path in (settings.build_db, Path(f"{settings.build_db}.wal")):
            path.unlink(missing_ok=True)  # ours: the lock keeps every other build out
        say(f"dbt: building {settings.build_db} in full ({how})")
        args = ["build"]
    code = _on_saved_parse(run, settings.dbt_command(args)[1:], ahead)
    if code == 0 and isinstance(how, rebuild.Plan):
        rebuild.note_rebuilt(settings, how.since, _tables_built(settings))
    return code


@contextmanager
def dbt_ahead(run: Run) -> Iterator[subprocess.Popen | None]:
    """dbt's process for the build, started as ingest starts: it imports dbt and parses the
    project (about 10 s in full, a second from its saved parse) on the second core while
    ingest lands, then waits for the dbt step's arguments. None when the build database is
    up to date before ingest (a no-op build starts no dbt); unused, it parses and exits."""
    settings = run.settings
    if _built_from(settings, _inputs_fingerprint(settings)):
        yield None
        return
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    ahead = subprocess.Popen(
        _reparse_free(_noted_parse_vars(settings)),
        cwd=settings.repo,
        env=settings.dbt_env(),
        pass_fds=(run.lock,) if run.lock >= 0 else (),  # dbt holds the build lock too
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield ahead
    finally:
        if ahead.returncode is None:
            ahead.communicate("\n")


def _on_saved_parse(run: Run, args: list[str], ahead: subprocess.Popen | None) -> int:
    """dbt `args` (dbt_command's, without the executable) on the project parsed with the
    vars of dbt's saved parse (warehouse.build.reparse_free): in the process `dbt_ahead`
    started, unless its parse failed; then in one of their own, which parses again and says
    why it fails."""
    if ahead is not None:
        out, err = ahead.communicate(json.dumps(args) + "\n")
        if ahead.returncode != PARSE_FAILED:
            return _said(run, ahead.returncode, out, err)
    return _run(run, _reparse_free(_noted_parse_vars(run.settings), *args))


def _reparse_free(parse_vars: str, *args: str) -> list[str]:
    """The command of dbt's process on its saved parse (warehouse.build.reparse_free)."""
    return [sys.executable, "-m", "warehouse.build.reparse_free", parse_vars, *args]


def _noted_parse_vars(settings: Settings) -> str:
    """The vars dbt's saved parse was made with (the build's own if there is none yet),
    noted: the next parse keeps them."""
    parse_vars = rebuild.parse_vars(settings)
    rebuild.note_parse(settings, parse_vars)
    return parse_vars


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
    return _inputs_fingerprint(settings)


def _built_from(settings: Settings, fingerprint: str) -> bool:
    """The build database is there and was built from inputs of this `fingerprint`."""
    return settings.build_db.is_file() and read_stamp(settings.build_dir / DBT_BUILT) == fingerprint


def _inputs_fingerprint(settings: Settings) -> str:
    manifests = sorted(settings.data_dir.glob("raw/*/*.manifest.json"))
    extra = f"{settings.data_dir.resolve()}\0{settings.dbt_vars}"
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
    return _said(run, done.returncode, done.stdout, done.stderr)


def _said(run: Run, code: int, out: str, err: str) -> int:
    """dbt's output as it wrote it, except on a full disk (then one line), and each broken
    contract named; its exit code."""
    settings = run.settings
    if code and is_disk_full(Exception(out + err)):
        say(
            f"dbt: the disk is full: cannot write in {settings.build_dir}. Free some space and "
            f"run the build again; {settings.warehouse.name} is unchanged."
        )
        return code
    sys.stdout.write(out)
    sys.stderr.write(err)
    if code:
        for line in broken_contracts(out + err, settings.build_dir, settings.build_db):
            say(line)
    return code


def _landed_faults(manifests: list[Path]) -> list[str]:
    faults = []
    for path in manifests:
        manifest = json.loads(path.read_text())
        if fault := landed_fault(manifest):
            faults.append(f"{manifest['source_id']}: {fault}")
    return faults
