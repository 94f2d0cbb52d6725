"""Every mart column is described, and a column whose name ends in a unit names that unit in
its description, so the warehouse's comments (persist_docs) tell an analyst what a number is."""

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from ingest.registry import SAFE_LOADER
from warehouse.units import UNITS, unit_suffix

REPO = Path(__file__).resolve().parent.parent
DOC_BLOCK = re.compile(r"{%\s*docs\s+(\w+)\s*%}(.*?){%\s*enddocs\s*%}", re.S)
DOC_REF = re.compile(r"{{\s*doc\(\s*['\"](\w+)['\"]\s*\)\s*}}")


@cache  # the models' files do not change during a session; 534 tests read them
def doc_blocks() -> dict[str, str]:
    blocks = {}
    for path in (REPO / "models").rglob("*.md"):
        blocks.update({n: body.strip() for n, body in DOC_BLOCK.findall(path.read_text())})
    return blocks


def mart_columns():
    for path in sorted((REPO / "models" / "marts").rglob("*.yml")):
        for model in yaml.load(path.read_text(), Loader=SAFE_LOADER).get("models", []):
            for column in model.get("columns", []):
                yield model["name"], column


def describe(text: str, blocks: dict[str, str]) -> str:
    return DOC_REF.sub(lambda m: blocks.get(m.group(1), ""), text or "").strip()


@pytest.mark.parametrize(
    ("model", "column"), list(mart_columns()), ids=lambda v: v if isinstance(v, str) else v["name"]
)
def test_mart_column_is_described_with_its_unit(model, column):
    text = describe(column.get("description", ""), doc_blocks())
    assert text, f"{model}.{column['name']} has no description"
    if suffix := unit_suffix(column["name"]):
        assert any(u in text for u in UNITS[suffix]), (
            f"{model}.{column['name']} ends in {suffix}: its description should name the "
            f"unit ({' or '.join(UNITS[suffix])}): {text!r}"
        )


def test_the_check_sees_a_bare_column():
    blocks = {"year": "Calendar year"}
    assert describe("{{ doc('year') }}", blocks) == "Calendar year"
    assert describe("{{ doc('missing') }}", blocks) == ""
