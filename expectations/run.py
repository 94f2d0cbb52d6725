"""python -m expectations [DUCKDB_FILE]: the Great Expectations suites over the marts, in one
pass with one GX context, a summary per suite and, on failure, exit 1 with one line per failed
expectation naming suite, expectation, column and a sample of failing values with their keys.

Each suite (suites/<name>.json, reviewed like code) guards one mart: its `meta` names the
`mart`, optionally a `query` deriving the frame to check from it (year-over-year change, rows
per year, another source joined in; default: the whole mart), the `keys` that name a failing
row, and `why`. Every expectation's `meta.why` says where its bound comes from (a published
figure, a physical limit, a past maximum). A suite whose mart the build lacks fails, naming
the mart: it is never skipped.

One owner per check: dbt's contracts and tests own what holds row by row (column set and
types, keys, nulls, accepted values, ranges with units, shares in [0, 1], low <= value <=
high); GX owns what needs the rows together (rows per year, gaps in a series, distributions,
year-over-year change, agreement between sources, plausibility bounds from published figures).

A bound that a scenario knob moves follows the knob: in place of a number, a suite may write
{"bound": 0.4, "side": "max", "scales_with": [[knob, ...], ...], "scales_against": [...]}.
Each group of knobs scales the bound by its value over its default (`scales_against`: by the
default over the value), the largest ratio of the group for an upper bound (`side` max), the
smallest for a lower one, never tightening it; the values are the build's own, read from
marts.dim_scenario_assumptions in the database validated. At the defaults it is the number.

GX 1.x cannot validate DuckDB through its SQL datasource, so each frame is read through a
read-only DuckDB connection and validated as a pandas DataFrame. The runner is the
checkpoint: GX's Checkpoint gives every validation the same batch parameters (one DataFrame)
and stores each result through a serialiser that fails on the numpy bool the quantile
expectation returns (GX 1.24.1), so each suite is validated on its own batch here.
"""

import json
import math
import os
import re
import sys
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from ingest.paths import REPO_ROOT

SUITES_DIR = Path(__file__).resolve().parent / "suites"
SAMPLE_SIZE = 5  # failing rows named per expectation
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_SIZE}
COLUMN_KWARGS = ("column", "column_A", "column_B")


class SuiteError(Exception):
    pass


@dataclass
class Suite:
    name: str
    mart: str
    keys: list[str]
    why: str
    expectations: list[dict]
    query: str | None = None

    @classmethod
    def load(cls, path: Path) -> "Suite":
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            meta = doc["meta"]
            if not all("type" in e and "kwargs" in e for e in doc["expectations"]):
                raise KeyError("an expectation's type or kwargs")
            return cls(
                name=doc["name"],
                mart=meta["mart"],
                keys=meta["keys"],
                why=meta["why"],
                expectations=doc["expectations"],
                query=meta.get("query"),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise SuiteError(
                f"{path}: not a suite ({type(exc).__name__}: {exc}); a suite needs name, "
                "meta.mart, meta.keys, meta.why and expectations (type, kwargs)"
            ) from exc

    @property
    def sql(self) -> str:
        return self.query or f"select * from marts.{self.mart}"

    def reads(self) -> set[str]:
        """The tables its result depends on: its mart, those its query reads, and the knobs'
        table when a bound follows a knob."""
        tables = {self.mart, *_TABLE.findall(self.query or "")}
        if "scales_with" in json.dumps(self.expectations) or "scales_against" in json.dumps(
            self.expectations
        ):
            tables.add(KNOBS_TABLE)
        return tables


_TABLE = re.compile(r"\b(?:marts|reference)\.(\w+)")


@dataclass
class Outcome:
    """One expectation's result, as the results table and the page hold it."""

    suite: str
    mart: str
    expectation_number: int  # its place in the suite file, from 1
    expectation: str
    column_name: str | None
    bounds: dict  # the expectation's arguments but the column
    why: str
    result: str  # passed, failed, or error (the check could not run)
    observed_value: object = None
    rows_checked: int | None = None
    unexpected_count: int | None = None
    failing_sample: list[dict] = field(default_factory=list)  # the failing rows' keys and values
    error_message: str | None = None

    def message(self) -> str:
        column = f" column {self.column_name}" if self.column_name else ""
        bounds = _json(self.bounds)
        head = f"{self.suite} #{self.expectation_number} {self.expectation}{column} {bounds}"
        if self.error_message:
            return f"{head}: ERROR {self.error_message}"
        found = f"observed {_json(self.observed_value)}" if self.observed_value is not None else ""
        if self.unexpected_count:
            found = f"{self.unexpected_count} row(s) outside"
        sample = "; ".join(
            " ".join(f"{k}={_plain(v)}" for k, v in row.items()) for row in self.failing_sample
        )
        return f"{head}: {found}" + (f"; e.g. {sample}" if sample else "") + f" (why: {self.why})"


KNOBS_TABLE = "dim_scenario_assumptions"


def resolve_knobs(value, knobs: dict[str, tuple[float, float]]):
    """`value` (an expectation's kwargs, or any part of them) with every knob-following bound
    replaced by its number for these knobs ({name: (value, default)})."""
    if isinstance(value, list):
        return [resolve_knobs(v, knobs) for v in value]
    if not isinstance(value, dict):
        return value
    if "scales_with" not in value and "scales_against" not in value:
        return {k: resolve_knobs(v, knobs) for k, v in value.items()}
    upper = value["side"] == "max"
    bound = value["bound"]
    for key, power in (("scales_with", 1), ("scales_against", -1)):
        for group in value.get(key, []):
            try:
                ratios = [(knobs[k][0] / knobs[k][1]) ** power for k in group]
            except KeyError as exc:
                raise SuiteError(f"no knob {exc} in marts.{KNOBS_TABLE}") from exc
            bound *= max(1.0, *ratios) if upper else min(1.0, *ratios)
    return bound


def _knobs(con) -> dict[str, tuple[float, float]]:
    """The build's knobs (value, default) from the database validated; none if it has none."""
    ((found,),) = con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'marts' and table_name = ?",
        [KNOBS_TABLE],
    ).fetchall()
    if not found:
        return {}
    rows = con.execute(f"select assumption, value, default_value from marts.{KNOBS_TABLE}")
    return {name: (value, default) for name, value, default in rows.fetchall()}


def load_suites() -> list[Suite]:
    return [Suite.load(p) for p in sorted(SUITES_DIR.glob("*.json"))]


def _context():
    os.environ["GX_ANALYTICS_ENABLED"] = "False"  # GX would otherwise report usage online
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def validate(db_path: Path | str, suites: list[Suite]) -> list[Outcome]:
    """Every expectation of every suite, validated on the marts of `db_path` (read-only)."""
    import duckdb
    from great_expectations.core import ExpectationSuite
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    context = _context()
    asset = context.data_sources.add_pandas("warehouse").add_dataframe_asset("marts")
    batches = asset.add_batch_definition_whole_dataframe("whole")
    outcomes = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        marts = {
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
        }
        knobs = _knobs(con)
        for suite in suites:
            try:  # the bounds as this build's knobs set them (and so as the results show them)
                suite = replace(suite, expectations=resolve_knobs(suite.expectations, knobs))
            except SuiteError as exc:
                outcomes += _errors(suite, str(exc))
                continue
            if suite.mart not in marts:
                outcomes += _errors(suite, f"mart marts.{suite.mart} is missing from the build")
                continue
            try:
                frame = con.sql(suite.sql).df()
            except duckdb.Error as exc:
                outcomes += _errors(suite, f"the suite's query failed: {exc}")
                continue
            gx_suite = context.suites.add(
                ExpectationSuite(
                    name=suite.name,
                    expectations=[
                        ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"])
                        for e in suite.expectations
                    ],
                )
            )
            number = {e.id: n for n, e in enumerate(gx_suite.expectations, start=1)}
            result = batches.get_batch(batch_parameters={"dataframe": frame}).validate(
                gx_suite, result_format=RESULT_FORMAT
            )
            found = {number[r.expectation_config.id]: r for r in result.results}
            outcomes += [
                _outcome(suite, n, found[n], frame) for n in range(1, len(suite.expectations) + 1)
            ]
    return outcomes


def _base(suite: Suite, number: int, **found) -> Outcome:
    spec = suite.expectations[number - 1]
    kwargs = spec["kwargs"]
    return Outcome(
        suite=suite.name,
        mart=suite.mart,
        expectation_number=number,
        expectation=spec["type"],
        column_name=kwargs.get("column"),
        bounds={k: v for k, v in kwargs.items() if k != "column"},
        why=spec.get("meta", {}).get("why") or suite.why,
        **found,
    )


def _errors(suite: Suite, error: str) -> list[Outcome]:
    return [
        _base(suite, n, result="error", error_message=error)
        for n in range(1, len(suite.expectations) + 1)
    ]


def _outcome(suite: Suite, number: int, r, frame) -> Outcome:
    missing = [
        r.expectation_config.kwargs[k]
        for k in COLUMN_KWARGS
        if k in r.expectation_config.kwargs and r.expectation_config.kwargs[k] not in frame
    ]
    if missing:
        return _base(suite, number, result="error", error_message=f"no column {', '.join(missing)}")
    if error := _exception(r.exception_info):
        return _base(suite, number, result="error", error_message=error)
    found = r.result or {}
    rows = found.get("partial_unexpected_index_list") or []
    column = r.expectation_config.kwargs.get("column")
    keys = [k for k in suite.keys if k in frame and k != column]
    sample = [
        {**{k: _plain(frame.at[i, k]) for k in keys}, column: _plain(frame.at[i, column])}
        for i in rows[:SAMPLE_SIZE]
    ]
    return _base(
        suite,
        number,
        result="passed" if r.success else "failed",
        observed_value=_plain(found.get("observed_value")),
        rows_checked=_rows_checked(found),
        unexpected_count=found.get("unexpected_count"),
        failing_sample=sample,
    )


def _rows_checked(found: dict) -> int | None:
    """The non-null values a row-by-row check saw (under its row condition): 0 is a check
    that passed on nothing."""
    if "element_count" not in found:
        return None
    return found["element_count"] - (found.get("missing_count") or 0)


def _exception(info) -> str | None:
    """GX's exception info is flat, or one entry per metric it could not compute."""
    if not info:
        return None
    if "raised_exception" in info:
        return info["exception_message"] if info["raised_exception"] else None
    return next(filter(None, map(_exception, info.values())), None)


def _plain(value):
    """A value as JSON holds it: numpy scalars unwrapped, NaN as null, floats rounded."""
    if hasattr(value, "item") and not isinstance(value, list | dict):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | bool) or value is None:
        return value
    return str(value)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def summary(outcomes: list[Outcome]) -> str:
    per_suite: dict[str, list[int]] = {}
    for o in outcomes:
        counts = per_suite.setdefault(o.suite, [0, 0])
        counts[0] += 1
        counts[1] += o.result != "passed"
    width = max(map(len, per_suite), default=5)
    lines = [f"{'suite':<{width}}  expectations  failures"]
    lines += [f"{s:<{width}}  {n:>12}  {f:>8}" for s, (n, f) in per_suite.items()]
    return "\n".join(lines)


def run(db_path: Path | str, page: Path | None = None, changed: set[str] | None = None) -> int:
    """Validate, print the summary and each failure; 0 when every expectation passed. With a
    `page`, the results go into the page, and when all passed into the database's
    marts.validation_results, which the build publishes. With `changed` (the tables written
    since the database's results were recorded), a suite that reads none of them keeps its
    results, all passed, from that table; the others run."""
    try:
        suites = load_suites()
    except SuiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    kept = _kept_results(db_path, suites, changed) if page and changed is not None else []
    if kept:
        suites = [s for s in suites if s.name not in {r["suite"] for r in kept}]
        since = min(r["validated_at"] for r in kept)
        say(
            f"great expectations: {len(kept)} expectations of suites on unchanged marts keep "
            f"their results (all passed, validated at {since:%Y-%m-%d %H:%M:%S})"
        )
    validated_at = datetime.now(UTC)
    outcomes = validate(db_path, suites) if suites else []
    failed = [o for o in outcomes if o.result != "passed"]
    say(summary(outcomes))
    for outcome in failed:
        say(f"FAIL {outcome.message()}")
    say(
        f"great expectations: {len(outcomes) - len(failed)} of {len(outcomes)} expectations "
        f"passed in {len(suites)} suites ({db_path})"
    )
    if page:  # the table only when all passed: it is what the build publishes
        from expectations.results import records, write_page, write_table

        results = kept + records(outcomes, validated_at)
        write_page(page, results)
        if failed:
            say(f"the results: {page}")
        else:
            write_table(db_path, results)
    return 1 if failed else 0


def _kept_results(db_path: Path | str, suites: list[Suite], changed: set[str]) -> list[dict]:
    """The recorded results of the suites that read no `changed` table, where the record
    holds each of their expectations, passed."""
    import duckdb

    from expectations.results import read_table

    try:
        rows = read_table(db_path)
    except duckdb.Error:  # no results recorded: every suite runs
        return []
    kept = []
    for suite in suites:
        mine = [r for r in rows if r["suite"] == suite.name]
        numbers = sorted(r["expectation_number"] for r in mine)
        if (
            not suite.reads() & changed
            and numbers == list(range(1, len(suite.expectations) + 1))
            and all(r["result"] == "passed" for r in mine)
        ):
            kept += mine
    return kept


def main(argv: list[str] | None = None) -> int:
    """python -m expectations [DUCKDB_FILE]: by default the published warehouse, $WAREHOUSE
    (relative to the repository; warehouse.duckdb), read-only."""
    argv = sys.argv[1:] if argv is None else argv
    default = REPO_ROOT / (os.environ.get("WAREHOUSE") or "warehouse.duckdb")
    return run(argv[0] if argv else default)
