"""The README's headline table: a few figures the marts hold, written between the README's
`headline:start` and `headline:end` markers by `python -m warehouse readme` from a published
warehouse (one built on the publishers' files: SOURCE_MIRROR). tests/test_readme.py fails when
the README's table is not what this writes from the mirror build, so no figure is typed."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.markers import between_markers
from ingest.paths import REPO_ROOT

README = REPO_ROOT / "README.md"
START, END = "<!-- headline:start -->", "<!-- headline:end -->"
_SHARE = """
    select dc_electricity_twh, dc_share_of_demand_frac, demand_basis
    from marts.fct_ai__yearly_demand_share
    where geography_code = '{geo}' and year = 2024 and scenario = 'historical'"""


@dataclass(frozen=True)
class Headline:
    question: str
    mart: str
    sql: str  # one row
    answer: Callable[[tuple], str]  # the row, in words


def _num(x: float) -> str:
    """Three significant digits at most, as a reader quotes them: 7.0, 83.0, 416, 1,264."""
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.1f}"


def _pct(frac: float) -> str:
    return f"{frac * 100:#.3g} %"


def _dc(row) -> str:
    twh, share, basis = row
    of = "metered consumption" if basis == "publisher_consumption" else "demand"
    return f"{_num(twh)} TWh, {_pct(share)} of {of}"


HEADLINES = [
    Headline(
        "Data centres' electricity, world, 2024",
        "fct_ai__yearly_demand_share",
        _SHARE.format(geo="WORLD"),
        _dc,
    ),
    Headline(
        "Of which AI (a cited share of data-centre load), world, 2024",
        "fct_ai__yearly_demand_share",
        """select ai_electricity_twh, ai_share_of_demand_frac
        from marts.fct_ai__yearly_demand_share
        where geography_code = 'WORLD' and year = 2024 and scenario = 'historical'""",
        lambda r: f"{_num(r[0])} TWh, {_pct(r[1])} of demand",
    ),
    Headline(
        "Data centres' emissions, world, 2024",
        "fct_ai__yearly_demand_share",
        """select dc_emissions_mtco2e, ai_emissions_mtco2e
        from marts.fct_ai__yearly_demand_share
        where geography_code = 'WORLD' and year = 2024 and scenario = 'historical'""",
        lambda r: f"{_num(r[0])} MtCO2e (AI {_num(r[1])})",
    ),
    Headline(
        "Data centres, United States, 2024",
        "fct_ai__yearly_demand_share",
        _SHARE.format(geo="USA"),
        _dc,
    ),
    Headline(
        "Data centres, Ireland, 2024", "fct_ai__yearly_demand_share", _SHARE.format(geo="IRL"), _dc
    ),
    Headline(
        "Data centres, world, 2030, over the IEA's four scenarios",
        "fct_dc__yearly_harmonised_electricity",
        """select min(electricity_twh), max(electricity_twh),
                  max(case when scenario = 'base' then electricity_twh end)
        from marts.fct_dc__yearly_harmonised_electricity
        where geography_code = 'WORLD' and year = 2030""",
        lambda r: f"{r[0]:,.0f} to {r[1]:,.0f} TWh (base case {r[2]:,.0f})",
    ),
    Headline(
        "Grid carbon intensity, world, 2024",
        "fct_grid__yearly_carbon_intensity",
        """select carbon_intensity_gco2e_per_kwh from marts.fct_grid__yearly_carbon_intensity
        where geography_code = 'WORLD' and year = 2024 and is_primary""",
        lambda r: f"{r[0]:,.0f} gCO2e/kWh",
    ),
    Headline(
        "A ChatGPT query against a web search (latest estimate)",
        "fct_ai__per_query_energy",
        """select energy_wh_per_query, ratio_to_web_search from marts.fct_ai__per_query_energy
        where service = 'ChatGPT' and is_latest_for_service""",
        lambda r: f"{r[0]:g} Wh, {r[1]:.1f} times a search",
    ),
    Headline(
        "The debate's claims, checked",
        "fct_claims__checks",
        "select list(verdict order by verdict) from marts.fct_claims__checks",
        lambda r: _counts(r[0]),
    ),
    Headline(
        "The publishers' own headlines, recomputed",
        "fct_reconciliation__publisher_headlines",
        "select list(verdict order by verdict) from marts.fct_reconciliation__publisher_headlines",
        lambda r: _counts(r[0]),
    ),
]


def _counts(verdicts: list[str]) -> str:
    counts = {v: verdicts.count(v) for v in dict.fromkeys(verdicts)}
    return f"{len(verdicts)}: " + ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in counts.items())


def headline_lines(warehouse: Path) -> list[str]:
    lines = ["| question | answer | mart |", "|---|---|---|"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for h in HEADLINES:
            row = con.execute(h.sql).fetchone()
            if row is None or row[0] is None:
                raise SystemExit(
                    f"{warehouse}: no figure for {h.question!r} in marts.{h.mart}: "
                    "build on the publishers' files first (SOURCE_MIRROR=<dir> make build)"
                )
            lines.append(f"| {h.question} | {h.answer(row)} | `{h.mart}` |")
    return lines


def readme_with_headline(text: str, warehouse: Path) -> str:
    if START not in text:
        raise SystemExit(f"README.md has no {START} ... {END} block for the headline table")
    return between_markers(text, START, END, headline_lines(warehouse))


def write(warehouse: Path, check: bool = False) -> int:
    """Write the README's headline table from `warehouse`; with `check`, only say whether the
    README holds it already (exit 1 when it does not)."""
    text = README.read_text()
    new = readme_with_headline(text, warehouse)
    if check:
        if new != text:
            print(f"stale: README.md's headline table differs from {warehouse}")
        return int(new != text)
    if new != text:
        README.write_text(new)
        print(f"wrote README.md's headline table from {warehouse}")
    return 0
