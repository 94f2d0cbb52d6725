"""A licence for the code, and the licence each published table inherits: followed through
dbt's lineage (its manifest), so a mart built on an ODbL source says so however many models
lie between them."""

import json

import pytest

from ingest.paths import REPO_ROOT
from ingest.registry import load_registry
from warehouse.build.compare import dbt_marts
from warehouse.publish.lineage import Manifest, licence_lines

REGISTRY = load_registry()


def _node(kind: str, name: str, parents=(), schema="marts", materialized="table") -> dict:
    return {
        "unique_id": f"{kind}.warehouse.{name}",
        "resource_type": kind,
        "name": name,
        "alias": name,
        "schema": schema,
        "config": {"materialized": materialized},
        "columns": {},
        "depends_on": {"nodes": list(parents)},
    }


def _manifest(tmp_path) -> Manifest:
    """A mart two models above the sources, one on a seed, an ephemeral one, and a seed."""
    em, ember = "source.warehouse.electricitymaps.z", "source.warehouse.ember.c"
    seed = _node("seed", "geography_aliases", schema="reference")
    nodes = [
        _node("model", "stg_em", [em], schema="staging", materialized="view"),
        _node("model", "stg_ember", [ember], schema="staging", materialized="view"),
        _node("model", "int_x", ["model.warehouse.stg_em"], schema="intermediate"),
        _node(
            "model",
            "fct_x",
            ["model.warehouse.int_x", "model.warehouse.stg_ember", seed["unique_id"]],
        ),
        _node("model", "dim_y", [seed["unique_id"]]),
        _node("model", "values_z", ["model.warehouse.fct_x"], materialized="ephemeral"),
        seed,
    ]
    sources = {
        em: {"source_name": "electricitymaps", "name": "z"},
        ember: {"source_name": "ember", "name": "c"},
    }
    path = tmp_path / "manifest.json"
    doc = {"nodes": {n["unique_id"]: n for n in nodes}, "sources": sources}
    path.write_text(json.dumps(doc))
    return Manifest(path)


def test_a_mart_inherits_every_source_upstream(tmp_path):
    manifest = _manifest(tmp_path)
    assert manifest.upstream("fct_x") == {"electricitymaps", "ember", "seeds"}
    rows = {line.split(" | ")[0]: line for line in licence_lines(manifest, REGISTRY)}
    fct = rows["| `marts.fct_x`"]
    assert "`electricitymaps`: ODbL 1.0" in fct and "`ember`: CC BY 4.0" in fct
    assert fct.index("electricitymaps") < fct.index("reference seeds")  # publishers first
    assert "ember" not in rows["| `marts.dim_y`"] and "reference seeds" in rows["| `marts.dim_y`"]
    assert "| `reference.geography_aliases` | reference seeds" in "\n".join(rows.values())
    assert "| `marts.values_z`" not in rows  # ephemeral: no table, nothing to license
    assert "| `marts.int_x`" not in rows  # not in the marts schema


def test_the_docs_page_holds_the_generated_list():
    assert "<!-- generated:licences -->" in (REPO_ROOT / "docs" / "licences.md").read_text()
    assert (REPO_ROOT / "LICENSE").read_text().startswith("MIT License")


@pytest.mark.build
def test_the_list_names_every_published_table(built):
    """On the fixture build: every table dbt makes in the marts schema, and no ephemeral one,
    is listed with the sources dbt says it reads."""
    path = built.repo / "target" / "manifest.json"
    manifest = Manifest(path)
    listed = "\n".join(licence_lines(manifest, REGISTRY))
    marts = dbt_marts(path)
    assert marts and "warehouse_values" not in marts
    assert all(f"`marts.{m}`" in listed for m in marts)
    assert "`marts.warehouse_values`" not in listed
    grid = manifest.upstream("fct_grid__yearly_carbon_intensity")
    assert {"ember", "eia_epa", "electricitymaps", "owid", "seeds"} <= grid
