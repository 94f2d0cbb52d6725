"""What each suite guards, in a few words, generated from the suites (the documentation
site's Validation page and each mart's page, warehouse.serve.site), so a suite's reason is written
once, in its file."""

from expectations.run import Suite, load_suites


def suite_lines(suites: list[Suite] | None = None) -> list[str]:
    """One row per suite: its mart, aspect, what it guards and its checks in a few words."""
    lines = ["| mart | suite | guards | checks |", "|---|---|---|---|"]
    for suite in suites if suites is not None else load_suites():
        aspect = suite.name.removeprefix(suite.mart).lstrip(".") or "(the mart)"
        checks = "; ".join(check_text(e) for e in suite.expectations)
        lines.append(f"| `{suite.mart}` | {aspect} | {suite.why} | {checks} |")
    return lines


def check_text(expectation: dict) -> str:
    """`column` and what is checked of it, in a few words: `share_frac` in [0, 0.3]."""
    kwargs = expectation["kwargs"]
    what = expectation["type"].removeprefix("expect_").removesuffix("_to_be_between")
    what = what.removeprefix("column_").replace("_", " ")
    if "quantile_ranges" in kwargs:
        ranges = kwargs["quantile_ranges"]
        bounds = ", ".join(
            f"q{q:g} in {_range(*r)}"
            for q, r in zip(ranges["quantiles"], ranges["value_ranges"], strict=True)
        )
    elif "value_set" in kwargs:
        bounds = "{" + ", ".join(str(v) for v in kwargs["value_set"]) + "}"
    else:
        bounds = f"in {_range(kwargs.get('min_value'), kwargs.get('max_value'))}"
    column = f"`{kwargs['column']}` " if "column" in kwargs else ""
    where = f" where `{kwargs['row_condition']}`" if "row_condition" in kwargs else ""
    return f"{column}{what} {bounds}{where}"


def _range(low, high) -> str:
    return f"[{_bound(low)}, {_bound(high)}]"


def _bound(value) -> str:
    """A number, or a bound that follows knobs: its value at the defaults, and the knobs."""
    if value is None:
        return ""
    if isinstance(value, dict):
        knobs = [
            k for key in ("scales_with", "scales_against") for g in value.get(key, []) for k in g
        ]
        return f"{value['bound']:g} x knobs ({', '.join(knobs)})"
    return f"{value:g}"
