"""Rebuild only what changed (issue 21). After each build that published, the build folder
keeps what it was built from (`last-good.json`: the code, each landed table, the dbt vars),
and its build database stays as the starting point of the next build. When the next build
differs from it only in landed tables, in dbt vars (scenario knobs) or in the content of
models, seeds and dbt tests, dbt rebuilds, in that same database, the models the change
reaches and everything below them, with their tests (`dbt build --select source:<source>.<changed
table>+ <model reading a var>+ state:modified+`, the state being the last good build's
manifest); the Great Expectations suites run again on the marts that changed, and the exports
of the others are kept (expectations.run, warehouse.publish.export). Anything else (no last
good build, a failed build since, a file added to or removed from the dbt project, a changed
macro, dbt_project.yml, publishing code, lock file or tool version, another data folder) falls
back to the full build, which says why in one line.

The record is removed before dbt touches the database and written again only once the build
is published, so a build that fails anywhere leaves none: the next one is full. Publishing
still builds aside: the warehouse and exports are written from the build database only after
every check passed."""

import hashlib
import json
import re
import shutil
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

from warehouse.settings import Settings
from warehouse.stamps import files, fingerprint

# What a build reads besides the landed files, the vars and the EDITABLE files: the dbt
# project's settings and macros, the code that validates and publishes, and the locked
# environment. (The registry's pins change as a source is re-landed; what dbt reads of the
# registry is generated into models/. The curated CSVs land as a source.)
CODE = (
    "dbt_project.yml",
    "profiles.yml",
    "macros",
    "expectations",
    "warehouse",
    "ingest",
    "CITATION.cff",
    "uv.lock",
)
NOT_CODE = ("ingest/curated/",)
# The dbt files whose edits dbt's state comparison follows (`state:modified+`): a changed
# model's or seed's content, config or persisted description, a changed test. Macros are not
# here: dbt sees a changed macro only where a node calls it by name, not in a
# materialization or an adapter's dispatch.
EDITABLE = ("models", "seeds", "tests/dbt")
TOOLS = ("dbt-core", "dbt-duckdb", "duckdb", "great-expectations")
MANIFESTS = "ingest"  # the dbt source of the landing manifests: each landing rewrites its own
MANIFESTS_SOURCE = f"source:{MANIFESTS}+"
KEYS_ONLY = ("dim_source", "source_id")  # the model and key of every fact's source reference
PARSE_VARS = ".dbt-parse-vars"
_VAR = re.compile(r"\bvar\(")  # dbt's var(), not env_var()
_NAMED_VAR = re.compile(r"""\bvar\(\s*(['"])(\w+)\1\s*[,)]""")  # var('name' ...)


@dataclass(frozen=True)
class Inputs:
    """What a build is made from, in the terms a rebuild compares."""

    code: str  # fingerprint of CODE and TOOLS' versions
    editable: dict[str, str]  # each EDITABLE file (relative path) -> sha256 of its bytes
    data_dir: str
    # each landed table, <source>.<table> (dbt's source and table; dim_source's rows) ->
    # fingerprint of its manifest (which holds the sha256 of its Parquet)
    landed: dict[str, str]
    dbt_vars: dict  # DBT_VARS, parsed


@dataclass(frozen=True)
class Plan:
    """A rebuild: dbt's selection and why (one line)."""

    select: list[str]
    why: str
    since: str  # data_sha256 of the last good build, which the rebuild starts from
    # dbt's --exclude arguments for the tests whose answer the change cannot alter (the last
    # good build ran them): a unit test reads only its fixtures and its model's code, so
    # landed data cannot change its answer, and a knob only that of a model reading the knob
    # (dbt renders the model with the run's vars) unless the test sets the knob itself; the
    # checks _key_only_checks finds.
    exclude: list[str]
    state: list[str]  # dbt's --state (the last good build's manifest) for state:modified


def inputs(settings: Settings) -> Inputs:
    code = [p for p in files(settings.repo, CODE) if not _under(settings, p, NOT_CODE)]
    tools = " ".join(f"{t} {version(t)}" for t in TOOLS)
    manifests = {
        f"{path.parent.name}.{path.name.removesuffix('.manifest.json')}": path
        for path in sorted(settings.data_dir.glob("raw/*/*.manifest.json"))
    }
    return Inputs(
        code=fingerprint(code, extra=tools),
        editable={
            str(p.relative_to(settings.repo)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files(settings.repo, EDITABLE)
        },
        data_dir=str(settings.data_dir.resolve()),
        landed={table: fingerprint([path], extra=table) for table, path in manifests.items()},
        dbt_vars=yaml.safe_load(settings.dbt_vars or "{}"),
    )


def _under(settings: Settings, path: Path, folders: tuple[str, ...]) -> bool:
    return path.relative_to(settings.repo).as_posix().startswith(folders)


def _record(settings: Settings) -> Path:
    return settings.build_dir / "last-good.json"


def _rebuilt(settings: Settings) -> Path:
    return settings.build_dir / "rebuilt.json"


def _state(settings: Settings) -> Path:
    """The last good build's manifest, for dbt's state comparison (--state)."""
    return settings.build_dir / "last-good"


def plan(settings: Settings) -> Plan | str:
    """How to bring the build database up to date: a Plan, or why it takes a full build."""
    try:
        last = json.loads(_record(settings).read_text())
        then = Inputs(**last["inputs"])
    except FileNotFoundError:
        return "no last good build to start from"
    except TypeError:
        return "the last good build's record is of an earlier version of this code"
    if not settings.build_db.is_file() or not settings.manifest.is_file():
        return "the last good build's database or manifest is gone"
    now = inputs(settings)
    if now.code != then.code:
        return "the code, macros, dbt settings or tools changed since the last good build"
    if now.data_dir != then.data_dir:
        return "another data folder than the last good build's"
    if now.editable.keys() != then.editable.keys():
        return "a model, seed or test file was added or removed since the last good build"
    edited = _differ(now.editable, then.editable)
    if edited and not (_state(settings) / "manifest.json").is_file():
        return "the last good build's manifest is gone"
    tables, knobs = _differ(now.landed, then.landed), _differ(now.dbt_vars, then.dbt_vars)
    if not tables and not knobs and not edited:
        return "nothing changed since the last good build, yet its dbt stamp is gone"
    manifest = json.loads(settings.manifest.read_text())
    readers = var_readers(manifest, knobs) if knobs else []
    select = [f"source:{t}+" for t in tables] + ([MANIFESTS_SOURCE] if tables else [])
    select += [f"{name}+" for name in readers]
    exclude: list[str] = []
    if edited:  # a unit test reads its model's code: those of every model rebuilt run
        select.append("state:modified+")
    else:
        exclude = _unit_tests_unaltered(manifest, readers, knobs)
    if tables and not edited and now.landed.keys() == then.landed.keys():
        exclude += _key_only_checks(manifest, tables, readers)
    changed = [f"source table{'s' * (len(tables) > 1)} {', '.join(tables)}"] if tables else []
    changed += [f"knob {', '.join(knobs)}"] if knobs else []
    changed += [f"file {', '.join(edited)}"] if edited else []
    state = ["--state", str(_state(settings))] if edited else []
    return Plan(
        select,
        " and ".join(changed),
        last["data_sha256"],
        ["--exclude", *exclude] if exclude else [],
        state,
    )


def _differ(now: dict, then: dict) -> list[str]:
    return sorted(k for k in now.keys() | then.keys() if now.get(k) != then.get(k))


def var_readers(manifest: dict, knobs: list[str]) -> list[str]:
    """The dbt nodes that read one of `knobs` with var(), in their own code or through a
    macro: by its name, or by a computed name (which may be any knob)."""
    macros = manifest["macros"]
    memo: dict[str, set[str] | None] = {}

    def read_by(code: str, macro_ids: list[str]) -> set[str] | None:
        found = _vars_read(code)
        for uid in macro_ids:
            if uid not in memo:
                memo[uid] = set()  # a cycle reads nothing more
                macro = macros.get(uid, {})
                memo[uid] = read_by(macro.get("macro_sql", ""), _macros_of(macro))
            in_macro = memo[uid]
            found = None if found is None or in_macro is None else found | in_macro
        return found

    def reads_a_knob(node: dict) -> bool:
        found = read_by(node.get("raw_code") or "", _macros_of(node))
        return found is None or bool(found & set(knobs))

    return sorted(node["name"] for node in manifest["nodes"].values() if reads_a_knob(node))


def _vars_read(code: str) -> set[str] | None:
    """The names of the vars `code` reads, or None if it reads one by a computed name."""
    named = [name for _, name in _NAMED_VAR.findall(code)]
    return set(named) if len(named) == len(_VAR.findall(code)) else None


def _macros_of(node: dict) -> list[str]:
    return node.get("depends_on", {}).get("macros", [])


def _unit_tests_unaltered(manifest: dict, readers: list[str], knobs: list[str]) -> list[str]:
    """dbt selectors of the unit tests whose answer changing `knobs` cannot alter: those of
    a model that reads none of them, and those that set every one of them themselves."""
    tests = manifest.get("unit_tests", {}).values()
    return sorted(
        f"unit_test:{t['name']}"
        for t in tests
        if t["model"] not in readers or set(knobs) <= set(_overridden_vars(t))
    )


def _overridden_vars(test: dict) -> dict:
    return (test.get("overrides") or {}).get("vars") or {}


def _key_only_checks(manifest: dict, tables: list[str], readers: list[str]) -> list[str]:
    """The row_checks of the models a landing (and knob) does not reach that read KEYS_ONLY
    for the keys of their references alone. Every landing rewrites its manifest, so
    KEYS_ONLY (a row per landed table) is built again, but while no landed table came or
    went its keys are the same: such a check of a model not rebuilt has the same answer as
    in the last good build, which ran it."""
    nodes = manifest["nodes"]
    keys_only = next(uid for uid, n in nodes.items() if n["name"] == KEYS_ONLY[0])
    sources = manifest["sources"].items()
    starts = [uid for uid, s in sources if f"{s['source_name']}.{s['name']}" in tables]
    starts += [uid for uid, s in sources if s["source_name"] == MANIFESTS]
    starts += [uid for uid, n in nodes.items() if n["name"] in readers]
    reached = _descendants(manifest["child_map"], starts)
    checks = []
    for node in nodes.values():
        meta = node.get("test_metadata") or {}
        deps = set(node.get("depends_on", {}).get("nodes", []))
        if (
            meta.get("name") != "row_checks"
            or keys_only not in deps
            or node.get("attached_node") in reached  # its own model was rebuilt
            or (deps - {keys_only}) & reached
        ):
            continue
        references = meta["kwargs"].get("references") or []
        to_keys_only = [r for r in references if _ref_name(r["to"]) == KEYS_ONLY[0]]
        if all(r["field"] == KEYS_ONLY[1] for r in to_keys_only):
            checks.append(node["name"])
    return sorted(checks)


def _ref_name(to: str) -> str:
    """The model of a reference's `to`, "ref('dim_source')" -> dim_source."""
    return to.replace(" ", "").removeprefix("ref(").removesuffix(")").strip("'\"")


def _descendants(children: dict[str, list[str]], starts: list[str]) -> set[str]:
    found: set[str] = set()
    todo = list(starts)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def forget(settings: Settings) -> None:
    """Before dbt touches the build database: it is no longer a last good build."""
    _record(settings).unlink(missing_ok=True)
    _rebuilt(settings).unlink(missing_ok=True)


def note_rebuilt(settings: Settings, since: str, tables: list[str]) -> None:
    """After a rebuild: the models and seeds dbt built again since the build published as
    `since`."""
    found = {"since": since, "code": inputs(settings).code, "models": sorted(tables)}
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
    """Once published: this build database is the last good build of the inputs now, and
    dbt's manifest of it the state the next build's edits compare with."""
    if settings.manifest.is_file():  # else the next edit builds in full (see plan)
        _state(settings).mkdir(exist_ok=True)
        shutil.copyfile(settings.manifest, _state(settings) / "manifest.json")
    record = {"inputs": asdict(inputs(settings)), "data_sha256": data_sha256}
    _record(settings).write_text(json.dumps(record, indent=1) + "\n")


def parse_vars(settings: Settings) -> str:
    """The vars of dbt's saved parse (partial_parse.msgpack): those of the last dbt run that
    parsed with the build's vars (`note_parse`); a rebuild parses with them again."""
    try:
        return (settings.build_dir / PARSE_VARS).read_text()
    except FileNotFoundError:
        return settings.dbt_vars


def note_parse(settings: Settings, parse_vars: str | None = None) -> None:
    """The vars dbt's next parse is made with: `parse_vars`, or the build's own."""
    (settings.build_dir / PARSE_VARS).write_text(
        settings.dbt_vars if parse_vars is None else parse_vars
    )
