"""A licence for the code, and the licence each published table inherits: followed through
the models' lineage, so a mart built on an ODbL source says so however many models lie
between them."""

import json

import pytest

from ingest import licences
from ingest.paths import REPO_ROOT
from ingest.registry import load_registry

REGISTRY = load_registry()


@pytest.fixture
def models(tmp_path, monkeypatch):
    """A scratch models/ folder holding the SQL each test writes."""
    monkeypatch.setattr(licences, "MODELS_DIR", tmp_path)
    licences._models.cache_clear()
    yield tmp_path
    licences._models.cache_clear()


def write(root, path: str, sql: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(sql)


def test_a_mart_inherits_every_source_upstream(models):
    write(models, "staging/em/stg_em.sql", "select * from {{ source('electricitymaps', 'z') }}")
    write(models, "staging/em/stg_ember.sql", 'select * from {{ source("ember", "c") }}')
    write(models, "intermediate/int_x.sql", "select * from {{ ref('stg_em') }}")
    write(
        models,
        "marts/fct_x.sql",
        "select * from {{ ref('int_x') }} join {{ ref( 'stg_ember' ) }} using (a)\n"
        "join {{ ref('geography_aliases') }} using (b)",
    )
    write(models, "marts/dim_y.sql", "select * from {{ ref('geography_iso3166') }}")
    rows = {line.split(" | ")[0]: line for line in licences.licence_lines(REGISTRY)}
    fct = rows["| `marts.fct_x`"]
    assert "`electricitymaps`: ODbL 1.0" in fct and "`ember`: CC BY 4.0" in fct
    assert fct.index("electricitymaps") < fct.index("reference seeds")  # publishers first
    assert "ember" not in rows["| `marts.dim_y`"] and "reference seeds" in rows["| `marts.dim_y`"]
    assert "| `reference.geography_aliases` | reference seeds" in "\n".join(rows.values())


def _yml(model: str) -> str:
    return next((REPO_ROOT / "models" / "marts").rglob(f"{model}.yml")).read_text()


def test_the_docs_state_the_licence_of_every_published_table():
    """The site's Licences page holds the generated list (`make docs` fills it from the
    lineage), and the list names every published mart (an ephemeral one has no table)."""
    assert "<!-- generated:licences -->" in (REPO_ROOT / "docs" / "licences.md").read_text()
    listed = "\n".join(licences.licence_lines(REGISTRY))
    marts = sorted(p.stem for p in (REPO_ROOT / "models" / "marts").rglob("*.sql"))
    published = [m for m in marts if "materialized: ephemeral" not in _yml(m)]
    assert "warehouse_values" not in published
    assert published and all(f"`marts.{m}`" in listed for m in published)
    assert (REPO_ROOT / "LICENSE").read_text().startswith("MIT License")


@pytest.mark.build
def test_lineage_matches_dbts_own(built):
    """What the licence list says each mart inherits comes from reading the SQL; dbt's manifest of
    the fixture build says what each mart really reads, through every model and macro."""
    nodes = json.loads((built.repo / "target" / "manifest.json").read_text())["nodes"]

    def dbt_upstream(node_id: str) -> set[str]:
        found = set()
        for parent in nodes[node_id]["depends_on"]["nodes"]:
            kind, _, *name = parent.split(".")
            if kind == "source":
                found.add(name[0])
            elif kind == "seed":
                found.add(licences.SEEDS)
            elif kind == "model":
                found |= dbt_upstream(parent)
        return found

    marts = {
        n["name"]: node_id
        for node_id, n in nodes.items()
        if n["resource_type"] == "model" and n["original_file_path"].startswith("models/marts/")
    }
    assert marts
    for name, node_id in marts.items():
        assert licences.upstream(name) == dbt_upstream(node_id), name
