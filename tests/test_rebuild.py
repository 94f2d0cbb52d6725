"""Rebuild only what changed (warehouse/build/rebuild.py): after one source is re-landed, one
knob changes or a model, seed or test is edited, dbt builds only what the change reaches, with
every test of what it rebuilt and of their children, the GX suites on the marts that changed
run again, and the published bytes are those of a build of the same inputs from nothing
(after `make clean`, in a second clone, on one dbt thread). Anything else builds in full
and says why."""

import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import REPO, Workspace, clone, kept, make
from tests.test_reproducible import assert_same_data
from warehouse.build import dbt, rebuild
from warehouse.build.dbt import dbt_ahead
from warehouse.build.reparse_free import PARSE_FAILED
from warehouse.settings import Run, Settings

KNOB = {"DBT_VARS": "{ai_share_of_dc_2030: 0.6}"}
EMBER_FILE = "ember_data_api/api_country_overview_yearly.csv"
SEED = "seeds/reconciliation_checks.csv"
TOLERANCE = (",historical,,,0.03,", ",historical,,,0.04,")  # the CSO's share, one row


def _err(result) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stderr  # as multiprocessing's, of locks left at a quick exit
    return " ".join(result.stderr.split())


def _every_test_of_what_was_rebuilt_ran(ws: Workspace, change: str) -> None:
    """Every data test of a rebuilt model or reading one ran; the unit tests of every rebuilt
    model after an edit, and no other unit test (one reads only its fixtures and its model's
    code, which dbt renders with the run's vars): the knob the test changes is read by no
    model with unit tests but the demand-share mart's, which set the one knob they read."""
    target = ws.root / "target"
    manifest = json.loads((target / "manifest.json").read_text())
    ran = {r["unique_id"] for r in json.loads((target / "run_results.json").read_text())["results"]}
    rebuilt = {uid for uid in ran if uid.startswith("model.")}
    tests = {**manifest["nodes"], **manifest["unit_tests"]}
    guarding = {
        uid
        for uid, node in tests.items()
        if node["resource_type"] == "test" and set(node["depends_on"]["nodes"]) & rebuilt
    }
    skipped = {uid for uid in guarding - ran if _reads_dim_source_keys_only(tests[uid], rebuilt)}
    assert guarding and guarding - skipped <= ran, sorted(guarding - skipped - ran)[:5]
    assert bool(skipped) == (change == "source")  # no landed table came or went
    units = {
        uid
        for uid, test in manifest["unit_tests"].items()
        if f"model.ai_energy.{test['model']}" in rebuilt and change == "edit"
    }
    assert units == ran & manifest["unit_tests"].keys()
    assert bool(units) == (change == "edit")  # the demand share and headlines have some
    if change == "knob":  # rebuilt below the knob, its unit tests not run
        assert "model.ai_energy.fct_ai__yearly_demand_share" in rebuilt
    assert len(ran) < len(manifest["nodes"]) / 2  # not everything: only what changed


def _reads_dim_source_keys_only(test: dict, rebuilt: set[str]) -> bool:
    """A row_checks test of a model not rebuilt whose only rebuilt input is dim_source, read
    for the source_id of its references: while the landed tables are the same, so is its
    answer."""
    dim_source = "model.ai_energy.dim_source"
    references = test["test_metadata"]["kwargs"].get("references") or []
    return (
        test["test_metadata"]["name"] == "row_checks"
        and test["attached_node"] not in rebuilt
        and set(test["depends_on"]["nodes"]) & rebuilt == {dim_source}
        and all(r["field"] == "source_id" for r in references if "'dim_source'" in r["to"])
    )


@pytest.mark.build
@pytest.mark.slow  # four builds: started first, while short tests can even out the workers
def test_a_rebuild_after_a_source_a_knob_and_a_seed_publishes_a_cold_builds_bytes(built, tmp_path):
    """Three rebuilds on the shared build, then the same inputs built from nothing in a second
    clone (`make clean`, its own landing, one dbt thread instead of two): the same bytes."""
    seed = built.repo / SEED
    good = seed.read_text()
    assert good.count(TOLERANCE[0]) > 0
    with kept(built) as ws:
        path = ws.mirror / EMBER_FILE
        path.write_bytes(path.read_bytes().replace(b",30847.2,", b",30850.0,"))
        ws.pin("ember")
        err = _err(make(ws))
        assert "dbt: building only what the changed source table ember.country_yearly reach" in err
        assert "of suites on unchanged marts keep their results" in err
        _every_test_of_what_was_rebuilt_ran(ws, "source")

        err = _err(make(ws, env=KNOB))
        assert "dbt: building only what the changed knob ai_share_of_dc_2030 reach" in err
        _every_test_of_what_was_rebuilt_ran(ws, "knob")

        try:
            seed.write_text(good.replace(*TOLERANCE, 1))
            err = _err(make(ws, env=KNOB))
            assert f"dbt: building only what the changed file {SEED} reach" in err
            _every_test_of_what_was_rebuilt_ran(ws, "edit")
            rebuilt_tables = json.loads((ws.root / "target" / "rebuilt.json").read_text())
            assert "reconciliation_checks" in rebuilt_tables["models"]  # suites may read seeds
            second = clone(ws, tmp_path / "second clone")  # the edited seed with it
        finally:
            seed.write_text(good)
        cleaned = make(second, "clean")
        assert cleaned.returncode == 0 and not second.exports.exists() and not second.data.exists()
        err = _err(make(second, env={**KNOB, "DBT_THREADS": "1"}))  # lands the edited ember
        assert "in full (no last good build to start from)" in err
        assert_same_data(ws.exports, second.exports)


@pytest.mark.build
def test_what_takes_a_full_build(built):
    """The plan for the next dbt run, on the shared build: nothing to rebuild from without a
    record; a changed model, or another data folder, is a full build; a knob is a rebuild of
    the models that read a var and what lies below them."""
    settings = built.settings
    assert isinstance(rebuild.plan(settings), str)  # up to date: nothing to rebuild
    knob = rebuild.plan(replace(settings, dbt_vars=KNOB["DBT_VARS"]))
    assert isinstance(knob, rebuild.Plan)
    assert "int_ai__scenario_assumptions+" in knob.select and knob.why.startswith("knob")
    assert "fct_ai__yearly_demand_share+" not in knob.select  # reads another knob
    assert "unit_test:test_share_demand_and_emission_arithmetic" in knob.exclude

    model = built.repo / "models/marts/grid/fct_grid__yearly_demand.sql"
    edit = _planned_with(built, model, model.read_text() + "\n")
    assert isinstance(edit, rebuild.Plan) and edit.select == ["state:modified+"]
    assert edit.state[-1].endswith("last-good") and not edit.exclude  # its unit tests run
    assert edit.why == "file models/marts/grid/fct_grid__yearly_demand.sql"
    landed = built.data / "raw" / "ember" / "country_yearly.manifest.json"
    relanded = _planned_with(built, landed, landed.read_text() + " ")
    assert isinstance(relanded, rebuild.Plan)
    assert relanded.select == ["source:ember.country_yearly+", "source:ingest+"]
    assert "row_checks_fct_ai__per_query_energy" in relanded.exclude  # reads dim_source's keys
    assert "row_checks_dim_source" not in relanded.exclude  # dim_source is rebuilt
    added = landed.with_name("more.manifest.json")  # a landed table more: new keys
    more = _planned_with(built, added, landed.read_text())
    assert isinstance(more, rebuild.Plan) and not any("row_checks" in x for x in more.exclude)
    macro = built.repo / "macros/tests/row_checks.sql"
    assert "macros, dbt settings or tools changed" in _planned_with(built, macro, "")
    added = built.repo / "models/marts/grid/new.sql"
    assert "added or removed" in _planned_with(built, added, "select 1 as x\n")
    assert not added.exists()
    record = built.root / "target" / "last-good.json"
    saved = record.read_text()
    try:
        record.unlink()
        assert rebuild.plan(settings) == "no last good build to start from"
    finally:
        record.write_text(saved)


def _planned_with(ws: Workspace, path, text: str) -> "rebuild.Plan | str":
    """The plan for the next build with `path` holding `text`; the file is put back."""
    saved = path.read_text() if path.exists() else None
    try:
        path.write_text(text)
        return rebuild.plan(ws.settings)
    finally:
        path.write_text(saved) if saved is not None else path.unlink()


def test_a_knob_reruns_the_unit_tests_whose_answer_it_can_alter():
    """A knob's rebuild rebuilds what reads the knob, by its name or a computed one (itself
    or through a macro), and runs the unit tests of those models, except one setting the
    knob itself; the others' answers cannot change."""
    macros = {
        "macro.p.named": {"macro_sql": "{{ var('x', 1) }}", "depends_on": {"macros": []}},
        "macro.p.computed": {"macro_sql": "{{ var(name) }}", "depends_on": {"macros": []}},
        "macro.p.wraps": {"macro_sql": "", "depends_on": {"macros": ["macro.p.computed"]}},
    }
    models = {
        "reads_x": ('select {{ var( "x" ) }}', []),
        "reads_y": ("select {{ var('y') }}, {{ var('y', 2) }}", []),
        "through_macro": ("select {{ named() }}", ["macro.p.named"]),
        "computed": ("select {{ wraps() }}", ["macro.p.wraps"]),
        "reads_none": ("select {{ env_var('x') }}", []),
    }
    manifest = {
        "macros": macros,
        "nodes": {
            f"model.p.{name}": {"name": name, "raw_code": sql, "depends_on": {"macros": deps}}
            for name, (sql, deps) in models.items()
        },
        "unit_tests": {
            "unit_test.p.a": {"name": "a", "model": "reads_x", "overrides": None},
            "unit_test.p.b": {"name": "b", "model": "reads_x", "overrides": {"vars": {"x": 3}}},
            "unit_test.p.c": {"name": "c", "model": "reads_y", "overrides": {}},
            "unit_test.p.d": {"name": "d", "model": "computed"},
        },
    }
    readers = rebuild.var_readers(manifest, ["x"])
    assert readers == ["computed", "reads_x", "through_macro"]
    assert rebuild._unit_tests_unaltered(manifest, readers, ["x"]) == [
        "unit_test:b",
        "unit_test:c",
    ]
    assert rebuild.var_readers(manifest, ["y"]) == ["computed", "reads_y"]
    assert rebuild.var_readers(manifest, ["z"]) == ["computed"]


def test_vars_are_read_in_sql_only():
    """The knob rebuild reuses a parse made with the old vars (reparse_free.py): that is sound
    only while var() sits in model or macro SQL, rendered again for the run. A var() in a yml
    (a test's config, a description) or in dbt_project.yml would keep its parse-time value."""
    ymls = [REPO / "dbt_project.yml", *(REPO / "models").rglob("*.yml")]
    found = [str(p.relative_to(REPO)) for p in ymls if rebuild._VAR.search(p.read_text())]
    assert not found, f"var() outside SQL: {found}"
    assert rebuild._VAR.search(
        (REPO / "models/marts/ai/fct_ai__yearly_demand_share.sql").read_text()
    )


def _fake_dbt(monkeypatch, tmp_path: Path, parse_code: int) -> Run:
    """A run whose dbt process (`python -m warehouse.build.reparse_free VARS [ARGS]`) is a
    script: it notes when it started and with what, "parses" for half a second, exits
    `parse_code` if that is not 0, else exits 0 having noted the arguments it was given or
    handed (none handed: it ran nothing)."""
    script = tmp_path / "python"
    script.write_text(
        f"""#!/bin/sh
echo "started $*" >> '{tmp_path}/ran'
sleep 0.5
[ {parse_code} -ne 0 ] && exit {parse_code}
[ $# -gt 3 ] && exit 0
read -r args
[ -n "$args" ] && echo "handed $args" >> '{tmp_path}/ran'
exit 0
"""
    )
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(script))
    return Run(Settings.under(tmp_path, mirror=tmp_path / "mirror", registry=tmp_path / "reg"))


def test_dbt_starts_ahead_parses_beside_ingest_and_runs_what_it_is_handed(monkeypatch, tmp_path):
    """dbt_ahead starts dbt's process as the block (ingest) starts, and the dbt step hands it
    its arguments; unused, it exits; none is started while the build database is up to date;
    a parse that failed is made again, with the arguments, in a process of its own."""
    run = _fake_dbt(monkeypatch, tmp_path, 0)
    ran = tmp_path / "ran"
    with dbt_ahead(run) as ahead:
        time.sleep(0.2)
        assert ran.read_text().startswith("started -m warehouse.build.reparse_free")
        assert dbt._on_saved_parse(run, ["build", "--select", "x+"], ahead) == 0
    assert ran.read_text().split("\n")[1] == 'handed ["build", "--select", "x+"]'
    with dbt_ahead(run) as unused:
        assert unused is not None
    assert unused.returncode == 0 and ran.read_text().count("handed") == 1

    run.settings.build_db.parent.mkdir(parents=True, exist_ok=True)
    run.settings.build_db.write_bytes(b"")
    stamp = run.settings.build_dir / dbt.DBT_BUILT
    stamp.write_text(dbt._inputs_fingerprint(run.settings))
    with dbt_ahead(run) as ahead:
        assert ahead is None  # up to date: a no-op build starts no dbt

    ran.unlink()
    stamp.unlink()
    run = _fake_dbt(monkeypatch, tmp_path, PARSE_FAILED)
    with dbt_ahead(run) as ahead:
        assert dbt._on_saved_parse(run, ["build"], ahead) == PARSE_FAILED
    started = [line for line in ran.read_text().splitlines() if line.startswith("started")]
    assert len(started) == 2 and started[1].endswith(" build")  # afresh, with its arguments


@pytest.mark.build
def test_a_cold_build_parses_once_while_ingest_lands(built):
    """The shared build's first two dbt runs: the parse made while ingest landed (the only
    full parse), then the build on it, in the same process (dbt_ahead): a build in another
    process would first parse again."""
    log = (built.root / "target" / "logs" / "dbt.log").read_text()
    runs = log.split("Running with dbt=")[1:3]
    assert "Unable to do partial parsing because saved manifest not found" in runs[0]
    assert "Unable to do partial parsing" not in runs[1]
    assert "Finished running" not in runs[0] and "Finished running" in runs[1]
