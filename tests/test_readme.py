"""The README stays true: its example queries run and return rows on a build of the
publishers' files, and its headline table is what `make readme` writes from that build now
(a figure that moved in the marts fails here until the table is regenerated)."""

import re

import pytest

from tests.conftest import REPO, query
from warehouse import readme

SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```", re.S | re.M)


def readme_queries() -> list[str]:
    return SQL_BLOCK.findall((REPO / "README.md").read_text())


def test_the_readme_has_five_example_queries_and_a_headline_block():
    queries = readme_queries()
    assert len(queries) == 5, f"the README shows {len(queries)} queries, not five"
    for sql in queries:
        assert re.match(r"(?s)^--[^\n]*\?\n\s*(select|with)\b", sql), sql[:80]  # a question
    text = (REPO / "README.md").read_text()
    assert text.count(readme.START) == 1 and text.count(readme.END) == 1


def test_the_readme_stays_short():
    assert len((REPO / "README.md").read_text().splitlines()) <= 300


@pytest.mark.build
@pytest.mark.mirror
@pytest.mark.parametrize("number", range(5), ids=lambda n: f"query {n + 1}")
def test_readme_query_returns_rows_on_the_publishers_files(mirror_built, number):
    sql = readme_queries()[number]
    assert query(mirror_built, sql), f"README query {number + 1} returned no rows:\n{sql}"


@pytest.mark.build
@pytest.mark.mirror
def test_readme_headline_table_is_what_the_generator_writes(mirror_built):
    text = (REPO / "README.md").read_text()
    assert readme.readme_with_headline(text, mirror_built.warehouse) == text, (
        "README.md's headline table is stale: build on SOURCE_MIRROR, then `make readme`"
    )


@pytest.mark.build
def test_the_generator_names_the_missing_figure_on_the_fixture_build(built, tmp_path):
    """The fixture build has no world figure for 2024: the generator says so, and which."""
    with pytest.raises(SystemExit, match=r"no figure for .* in marts\.\w+: build on the"):
        readme.headline_lines(built.warehouse)
