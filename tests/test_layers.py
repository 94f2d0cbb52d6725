"""Layers look down only: staging reads sources and seeds, intermediate reads staging (and
intermediate), marts read anything below or beside them. Checked on dbt's own manifest (`dbt
parse`), so a ref hidden in a macro counts as much as one in the model's SQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import saved_parse

# One worker runs the tests that parse the project (these and test_utc.py's dbt run) under
# pytest-xdist: `dbt parse` runs once, and the first parse is saved for the next.
pytestmark = pytest.mark.xdist_group("dbt_parse")
REPO = Path(__file__).resolve().parent.parent
LAYERS = ("staging", "intermediate", "marts")  # bottom to top: models/<layer>/...


def layer(node: dict) -> int | None:
    """The model's rank among LAYERS (its folder under models/), None for a seed or source."""
    if node["resource_type"] != "model":
        return None
    return LAYERS.index(node["fqn"][1])


def upward_refs(manifest: dict) -> list[str]:
    """Each model that reads one in a higher layer, as 'model -> dependency'."""
    nodes = manifest["nodes"]
    found = []
    for node in nodes.values():
        if node["resource_type"] != "model":
            continue
        for parent in node["depends_on"]["nodes"]:
            above = parent in nodes and (layer(nodes[parent]) or 0) > layer(node)
            if above:
                found.append(f"{node['name']} -> {nodes[parent]['name']}")
    return sorted(found)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    """dbt's manifest of the project as it is now, from the parse the last such run saved."""
    target = tmp_path_factory.mktemp("dbt_parse")
    env = {**os.environ, "DO_NOT_TRACK": "1", "DBT_PROFILES_DIR": str(REPO)}
    dbt = Path(sys.executable).parent / "dbt"
    args = [str(dbt), "parse", "--target-path", str(target), "--log-path", str(target)]
    with saved_parse(target):
        result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((target / "manifest.json").read_text())


def test_no_model_reads_a_layer_above_it(manifest):
    assert upward_refs(manifest) == []


def test_every_model_sits_in_a_layer(manifest):
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    assert models and all(n["fqn"][1] in LAYERS for n in models)


def model(name: str, folder: str, *parents: str) -> tuple[str, dict]:
    node = {
        "resource_type": "model",
        "name": name,
        "fqn": ["ai_energy", folder, name],
        "depends_on": {"nodes": [f"model.ai_energy.{p}" for p in parents]},
    }
    return f"model.ai_energy.{name}", node


def test_the_check_finds_an_intermediate_model_reading_a_mart():
    nodes = dict(
        [
            model("stg_a", "staging"),
            model("int_b", "intermediate", "stg_a", "fct_c"),
            model("fct_c", "marts", "stg_a"),
            model("stg_d", "staging", "int_b"),
            model("fct_e", "marts", "fct_c", "int_b"),
        ]
    )
    nodes["seed.ai_energy.s"] = {"resource_type": "seed", "name": "s"}
    nodes["model.ai_energy.int_b"]["depends_on"]["nodes"].append("seed.ai_energy.s")
    assert upward_refs({"nodes": nodes}) == ["int_b -> fct_c", "stg_d -> int_b"]
