"""The scenario knobs, described once in seeds/ai_scenario_assumptions.csv: the check DBT_VARS
passes before dbt runs (warehouse/knobs.py), and the Great Expectations bounds that follow a
knob (expectations/run.py resolve_knobs)."""

import pytest

from expectations.run import SuiteError, resolve_knobs
from warehouse.knobs import knobs, problems


def test_every_knob_has_a_range_that_holds_its_default_and_says_why():
    described = knobs()
    assert {"ai_share_of_dc_2030", "demand_growth_world_frac_per_yr"} <= set(described)
    for knob in described.values():
        assert knob.min_value <= knob.default <= knob.max_value, knob.name
        assert len(knob.meaning) > 30 and knob.citation, knob.name
    shares = [k for k in described.values() if k.name.startswith("ai_share_of_dc")]
    assert all(k.max_value == 1 and k.unit == "frac" for k in shares)  # a share is at most 1


def test_values_inside_their_ranges_pass_and_others_are_named():
    assert problems({"ai_share_of_dc_2030": 0.6, "demand_growth_world_frac_per_yr": 0.03}) == []
    assert problems({"ai_share_of_dc_2030": 1, "bottom_up_pue_ratio": 1}) == []  # the ends
    assert problems({"demand_share_extra_geographies": ["FRA", "DEU"]}) == []
    (too_big,) = problems({"ai_share_of_dc_2030": 1.7})
    assert too_big.startswith("knob ai_share_of_dc_2030 = 1.7 is outside its range [0.01, 1]")
    assert "a share of data-centre electricity" in too_big and "(default 0.352)" in too_big
    (negative,) = problems({"ai_share_of_dc_2030": -1})
    assert "= -1 is outside its range [0.01, 1] frac" in negative
    (misspelt,) = problems({"ai_share_of_dc_203": 0.5})
    assert "unknown knob ai_share_of_dc_203 (did you mean ai_share_of_dc_2030?)" in misspelt
    assert problems({"True": True})[0].startswith("unknown knob True")
    (boolean,) = problems({"bottom_up_pue_ratio": True})
    assert "must be a number in [1, 3] ratio, not True" in boolean
    assert len(problems({"ai_share_of_dc_2024": 2, "ai_share_of_dc_2030": 3})) == 2


SHARE_KNOBS = ["ai_share_of_dc_2024", "ai_share_of_dc_2030"]


def test_a_bound_follows_its_knobs_and_never_tightens():
    upper = {"bound": 0.4, "side": "max", "scales_with": [SHARE_KNOBS]}
    lower = {"bound": 0.15, "side": "min", "scales_with": [SHARE_KNOBS]}
    kwargs = {"column": "x", "quantile_ranges": {"value_ranges": [[lower, upper]]}}
    defaults = {"ai_share_of_dc_2024": (0.2, 0.2), "ai_share_of_dc_2030": (0.352, 0.352)}
    assert resolve_knobs(kwargs, defaults)["quantile_ranges"]["value_ranges"] == [[0.15, 0.4]]
    raised = {**defaults, "ai_share_of_dc_2030": (0.6, 0.352)}
    ((low, high),) = resolve_knobs(kwargs, raised)["quantile_ranges"]["value_ranges"]
    assert (low, high) == (0.15, pytest.approx(0.4 * 0.6 / 0.352))  # the lower bound stays
    lowered = {**defaults, "ai_share_of_dc_2024": (0.1, 0.2)}
    ((low, high),) = resolve_knobs(kwargs, lowered)["quantile_ranges"]["value_ranges"]
    assert (low, high) == (pytest.approx(0.075), 0.4)
    against = {"bound": 20, "side": "max", "scales_against": [SHARE_KNOBS]}
    assert resolve_knobs(against, lowered) == pytest.approx(40)  # half the share, twice the ratio
    product = {"bound": 0.6, "side": "max", "scales_with": [["a"], ["b"]]}
    assert resolve_knobs(product, {"a": (2, 1), "b": (3, 1)}) == pytest.approx(3.6)
    with pytest.raises(SuiteError, match="no knob 'ai_share_of_dc_2024'"):
        resolve_knobs(upper, {})
