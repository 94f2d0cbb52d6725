"""Rebuild only what changed (issue 21). After each build that published, the build folder
keeps what it was built from (`last-good.json`: the code, each landed source, the dbt vars),
and its build database stays as the starting point of the next build. When the next build
differs from it only in landed sources or in dbt vars (scenario knobs), dbt rebuilds, in that
same database, the models the change reaches and everything below them, with their tests
(`dbt build --select source:<changed source>+ <model reading a var>+`); the Great Expectations
suites run again on the marts that changed, and the exports of the others are kept
(expectations.run, warehouse.publish.export). Anything else (no last good build, a failed
build since, a changed model, macro, seed, test, publishing code, lock file or tool version,
another data folder) falls back to the full build, which says why in one line.

The record is removed before dbt touches the database and written again only once the build
is published, so a build that fails anywhere leaves none: the next one is full. Publishing
still builds aside: the warehouse and exports are written from the build database only after
every check passed."""

import json
import re
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

from warehouse.settings import Settings
from warehouse.stamps import files, fingerprint

# What a build reads besides the landed files and the vars: the dbt project, the code that
# validates and publishes, and the locked environment. (The registry's pins change as a
# source is re-landed; what dbt reads of the registry is generated into models/.)
CODE = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "tests/dbt",
    "expectations",
    "warehouse",
    "ingest",
    "CITATION.cff",
    "uv.lock",
)
TOOLS = ("dbt-core", "dbt-duckdb", "duckdb", "great-expectations")
MANIFESTS_SOURCE = "source:ingest+"  # every landing rewrites its manifest (dim_source...)
PARSE_VARS = ".dbt-parse-vars"
_VAR = re.compile(r"\bvar\(")  # dbt's var(), not env_var()


@dataclass(frozen=True)
class Inputs:
    """What a build is made from, in the terms a rebuild compares."""

    code: str  # fingerprint of CODE and TOOLS' versions
    data_dir: str
    sources: dict[str, str]  # landed source -> fingerprint of its manifests
    dbt_vars: dict  # DBT_VARS, parsed


@dataclass(frozen=True)
class Plan:
    """A rebuild: dbt's selection, why (one line), and the vars dbt's saved parse was made
    with (dbt parses the project again in full when the vars change; the rebuild reuses the
    saved parse and gives the new vars to the run only)."""

    select: list[str]
    why: str
    parse_vars: str
    since: str  # data_sha256 of the last good build, which the rebuild starts from
    # dbt's --exclude arguments for the unit tests that need not run again. A unit test reads
    # only its fixtures and its model's code, which a rebuild never changes (the last good
    # build ran them on it): landed data cannot change its answer, and a knob only that of a
    # model reading a var (dbt renders the model with the run's vars).
    exclude: list[str]


def inputs(settings: Settings) -> Inputs:
    code = files(settings.repo, CODE)  # not the registry: a new pin is a source re-landed
    tools = " ".join(f"{t} {version(t)}" for t in TOOLS)
    by_source: dict[str, list[Path]] = {}
    for path in sorted(settings.data_dir.glob("raw/*/*.manifest.json")):
        by_source.setdefault(path.parent.name, []).append(path)
    return Inputs(
        code=fingerprint(code, extra=tools),
        data_dir=str(settings.data_dir.resolve()),
        sources={s: fingerprint(paths, extra=s) for s, paths in by_source.items()},
        dbt_vars=yaml.safe_load(settings.dbt_vars or "{}"),
    )


def _record(settings: Settings) -> Path:
    return settings.build_dir / "last-good.json"


def _rebuilt(settings: Settings) -> Path:
    return settings.build_dir / "rebuilt.json"


def plan(settings: Settings) -> Plan | str:
    """How to bring the build database up to date: a Plan, or why it takes a full build."""
    try:
        last = json.loads(_record(settings).read_text())
    except FileNotFoundError:
        return "no last good build to start from"
    if not settings.build_db.is_file() or not settings.manifest.is_file():
        return "the last good build's database or manifest is gone"
    now, then = inputs(settings), Inputs(**last["inputs"])
    if now.code != then.code:
        return "the code, models, seeds, tests or tools changed since the last good build"
    if now.data_dir != then.data_dir:
        return "another data folder than the last good build's"
    sources, knobs = _differ(now.sources, then.sources), _differ(now.dbt_vars, then.dbt_vars)
    if not sources and not knobs:
        return "nothing changed since the last good build, yet its dbt stamp is gone"
    select = [f"source:{s}+" for s in sources] + ([MANIFESTS_SOURCE] if sources else [])
    exclude = ["--exclude-resource-type", "unit_test"]
    if knobs:
        manifest = json.loads(settings.manifest.read_text())
        readers = var_readers(manifest)
        select += [f"{name}+" for name in readers]
        others = _unit_tests_not_of(manifest, readers)
        exclude = ["--exclude", *others] if others else []
    changed = [f"source {', '.join(sources)}"] if sources else []
    changed += [f"knob {', '.join(knobs)}"] if knobs else []
    why = " and ".join(changed)
    return Plan(select, why, parse_vars(settings), last["data_sha256"], exclude)


def _differ(now: dict, then: dict) -> list[str]:
    return sorted(k for k in now.keys() | then.keys() if now.get(k) != then.get(k))


def var_readers(manifest: dict) -> list[str]:
    """The dbt nodes that call var(), in their own code or through a macro (a macro may read
    a var by a computed name, so any var() counts for every var)."""
    macros = manifest["macros"]
    reads: dict[str, bool] = {}

    def macro_reads(uid: str) -> bool:
        if uid not in reads:
            reads[uid] = False  # a cycle reads nothing more
            macro = macros.get(uid, {})
            reads[uid] = bool(_VAR.search(macro.get("macro_sql", ""))) or any(
                map(macro_reads, macro.get("depends_on", {}).get("macros", []))
            )
        return reads[uid]

    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if _VAR.search(node.get("raw_code") or "")
        or any(map(macro_reads, node.get("depends_on", {}).get("macros", [])))
    )


def _unit_tests_not_of(manifest: dict, models: list[str]) -> list[str]:
    """dbt selectors of the unit tests of every model but `models`."""
    tests = manifest.get("unit_tests", {}).values()
    return sorted(f"unit_test:{t['name']}" for t in tests if t["model"] not in models)


def forget(settings: Settings) -> None:
    """Before dbt touches the build database: it is no longer a last good build."""
    _record(settings).unlink(missing_ok=True)
    _rebuilt(settings).unlink(missing_ok=True)


def note_rebuilt(settings: Settings, since: str, models: list[str]) -> None:
    """After a rebuild: the models dbt built again since the build published as `since`."""
    found = {"since": since, "code": inputs(settings).code, "models": sorted(models)}
    _rebuilt(settings).write_text(json.dumps(found) + "\n")


def rebuilt_since(settings: Settings) -> tuple[str, set[str]] | None:
    """(data_sha256 of the build the last rebuild started from, the models it built again),
    or None when the build database was built in full, or the code changed since (then
    nothing published before may be kept)."""
    try:
        found = json.loads(_rebuilt(settings).read_text())
    except FileNotFoundError:
        return None
    if found["code"] != inputs(settings).code:
        return None
    return found["since"], set(found["models"])


def remember(settings: Settings, data_sha256: str) -> None:
    """Once published: this build database is the last good build of the inputs now."""
    record = {"inputs": asdict(inputs(settings)), "data_sha256": data_sha256}
    _record(settings).write_text(json.dumps(record, indent=1) + "\n")


def parse_vars(settings: Settings) -> str:
    """The vars of dbt's saved parse (partial_parse.msgpack): those of the last dbt run that
    parsed with the build's vars (`note_parse`); a rebuild parses with them again."""
    try:
        return (settings.build_dir / PARSE_VARS).read_text()
    except FileNotFoundError:
        return settings.dbt_vars


def note_parse(settings: Settings) -> None:
    (settings.build_dir / PARSE_VARS).write_text(settings.dbt_vars)
