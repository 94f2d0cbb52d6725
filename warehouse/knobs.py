"""The scenario knobs a user sets with DBT_VARS, described once in
seeds/ai_scenario_assumptions.csv (name, default, range and why, citation), which dbt reads
too (int_ai__scenario_assumptions and its range test; the published
marts.dim_scenario_assumptions). Checked here before dbt runs: an unknown or misspelt knob,
a value that is not a number, or one outside its range is refused with a message naming the
knob, the value and the range, instead of failing deep inside dbt or being ignored."""

import csv
import difflib
from dataclasses import dataclass

from ingest.geography import geography_codes
from ingest.paths import REPO_ROOT

SEED = REPO_ROOT / "seeds" / "ai_scenario_assumptions.csv"
# The one knob that is not a number: geographies the demand-share mart shows for their demand
# and grid though no data-centre estimate is published (models/marts/ai/).
GEOGRAPHY_LIST_KNOB = "demand_share_extra_geographies"


@dataclass(frozen=True)
class Knob:
    name: str
    default: float
    min_value: float
    max_value: float
    unit: str
    meaning: str  # why the range is what it is
    citation: str

    def range_text(self) -> str:
        return f"[{self.min_value:g}, {self.max_value:g}] {self.unit}"


def knobs() -> dict[str, Knob]:
    with SEED.open(encoding="utf-8", newline="") as fh:
        return {
            row["assumption"]: Knob(
                name=row["assumption"],
                default=float(row["value"]),
                min_value=float(row["min_value"]),
                max_value=float(row["max_value"]),
                unit=row["unit"],
                meaning=row["range_reason"],
                citation=row["citation"],
            )
            for row in csv.DictReader(fh)
        }


def problems(dbt_vars: dict) -> list[str]:
    """What is wrong with the user's dbt vars, one message per knob (empty: all fine)."""
    known = knobs()
    found = []
    for name, value in dbt_vars.items():
        if name == GEOGRAPHY_LIST_KNOB:
            found += _geography_list_problems(value)
        elif name not in known:
            found.append(_unknown(str(name), known))
        elif isinstance(value, bool) or not isinstance(value, int | float):
            knob = known[name]
            found.append(f"knob {name} must be a number in {knob.range_text()}, not {value!r}")
        elif not known[name].min_value <= value <= known[name].max_value:
            knob = known[name]
            found.append(
                f"knob {name} = {value:g} is outside its range {knob.range_text()}: "
                f"{knob.meaning} (default {knob.default:g})"
            )
    return found


def _unknown(name: str, known: dict[str, Knob]) -> str:
    names = [*known, GEOGRAPHY_LIST_KNOB]
    close = difflib.get_close_matches(name, names, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return (
        f"unknown knob {name}{hint}: the knobs are {', '.join(names)} "
        "(seeds/ai_scenario_assumptions.csv; the docs' 'Scenario knobs')"
    )


def _geography_list_problems(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return [f"knob {GEOGRAPHY_LIST_KNOB} must be a list of geography codes, not {value!r}"]
    unknown = sorted(set(value) - set(geography_codes()))
    if unknown:
        return [
            f"knob {GEOGRAPHY_LIST_KNOB}: {', '.join(unknown)} not a geography code of "
            "dim_geography (ISO 3166-1 alpha-3 such as FRA, or an aggregate)"
        ]
    return []


def knob_lines() -> list[str]:
    """The knob table of the documentation site (docs/notes/dc-ai.md, `make docs`)."""
    lines = [
        "| knob (dbt var) | default | range | why the range | the default's source |",
        "|---|---:|---|---|---|",
    ]
    lines += [
        f"| `{k.name}` | {k.default:g} {k.unit} | {k.range_text()} | {k.meaning} | {k.citation} |"
        for k in knobs().values()
    ]
    lines.append(
        f"| `{GEOGRAPHY_LIST_KNOB}` | [FRA] | geography codes of `dim_geography` | "
        "geographies shown for their demand and grid without a data-centre estimate | |"
    )
    return lines
