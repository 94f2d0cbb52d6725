"""The README stays true: its example queries run and return rows on a build of the
publishers' files, and its headline table is what `make readme` writes from that build now
(a figure that moved in the marts fails here until the table is regenerated)."""

import re

import duckdb
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


def test_the_generator_names_the_missing_figure(tmp_path):
    """A warehouse without the figures (a mart left empty) is an error naming the figure and
    the mart, not a table of blanks."""
    path = tmp_path / "empty.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct_ai__yearly_demand_share (geography_code varchar, year int, "
            "scenario varchar, dc_electricity_twh double, dc_share_of_demand_frac double, "
            "demand_basis varchar)"
        )
    with pytest.raises(SystemExit, match=r"no figure for .*world, 2024.* in marts\.fct_ai__"):
        readme.headline_lines(path)
