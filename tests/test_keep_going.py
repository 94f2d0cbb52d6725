"""KEEP_GOING=1: a source that cannot be refreshed keeps its last good landing, marked stale
in its manifest, in dim_source and in the build's summary; the run fails only when a table
has never landed. Without it, a failed source stops the build as before."""

import json
import re
import shutil
from dataclasses import replace

import pytest

from ingest.settings import current, use
from tests.conftest import kept, make, query

LANDS = ["ember"]
YEARLY = "api_country_overview_yearly.csv"
MANIFEST = "raw/ember/country_yearly.manifest.json"


def break_pin(registry_dir):
    """Pin the yearly file to bytes nobody serves: its table must re-land, and cannot."""
    yml = registry_dir / "ember.yml"
    text, n = re.subn(
        rf"(  {YEARLY}:\n(?:    .*\n)*?    sha256: )\w+", rf"\g<1>{'0' * 64}", yml.read_text()
    )
    assert n == 1
    good = yml.read_text()
    yml.write_text(text)
    return lambda: yml.write_text(good)


def test_failed_refresh_keeps_the_last_good_landing(landed, capsys):
    before = landed.snapshot()
    restore = break_pin(landed.registry)
    assert landed.land("ember") == 1  # default: the failure fails the run, as before
    assert landed.snapshot() == before

    with use(replace(current(), keep_going=True)):  # KEEP_GOING=1
        capsys.readouterr()
        assert landed.land("ember") == 0
        err = " ".join(capsys.readouterr().err.split())
        assert "stale ember.country_yearly: the warehouse keeps its last good landing" in err
        assert "checksum mismatch" in err and "4 unchanged, 0 failed, 1 stale" in err
        manifest = json.loads((landed.data / MANIFEST).read_text())
        assert manifest["stale_since"] and "checksum mismatch" in manifest["stale_reason"]
        after = landed.snapshot()
        assert {k: v for k, v in after.items() if k != MANIFEST} == {
            k: v for k, v in before.items() if k != MANIFEST
        }  # the landed Parquet is the last good one

        since = manifest["stale_since"]
        assert landed.land("ember") == 0  # still failing: stale since the first failure
        assert json.loads((landed.data / MANIFEST).read_text())["stale_since"] == since

        restore()  # the pin is good again: the table is up to date, and no longer stale
        assert landed.land("ember") == 0
        manifest = json.loads((landed.data / MANIFEST).read_text())
        assert manifest["stale_since"] is None and manifest["stale_reason"] is None


def test_a_table_that_never_landed_still_fails(workspace, capsys):
    workspace.write_fixtures("ember")
    workspace.pin("ember")
    (workspace.mirror / "ember_data_api" / YEARLY).unlink()
    capsys.readouterr()
    with use(replace(current(), keep_going=True)):
        assert workspace.land("ember") == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "1 table(s) failed" in err and f"{YEARLY}] not found in SOURCE_MIRROR" in err
    assert not (workspace.data / MANIFEST).exists()


@pytest.mark.build
def test_build_goes_on_and_marks_the_source_stale(built, tmp_path):
    # Up to date first (`kept` puts back what a test breaks); then the shared build itself,
    # put back afterwards: a clone would rebuild from nothing, its paths being new.
    assert make(built).returncode == 0
    registry = tmp_path / "registry"
    shutil.copytree(built.registry, registry)
    break_pin(registry)
    env = {"INGEST_REGISTRY_DIR": str(registry)}
    before = query(built, "select count(*) from marts.fct_grid__yearly_carbon_intensity")
    with kept(built) as ws:
        result = make(ws, env=env)
        assert result.returncode != 0 and "checksum mismatch" in result.stderr

        result = make(ws, env={**env, "KEEP_GOING": "1"})
        assert result.returncode == 0, result.stderr
        assert "built with 1 stale table(s) (see dim_source.is_stale): ember.country_yearly" in (
            result.stderr
        )
        stale = query(
            ws,
            "select source_id, stale_reason like '%checksum mismatch%' from marts.dim_source "
            "where is_stale",
        )
        assert stale == [("ember.country_yearly", True)]
        assert query(ws, "select count(*) from marts.fct_grid__yearly_carbon_intensity") == before
