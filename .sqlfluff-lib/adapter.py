"""Stand-in for dbt's adapter.dispatch, so sqlfluff can render models that call dispatched
macros (lint only; dbt dispatches to the real duckdb__ macros in macros/)."""

_DUCKDB = {
    "unnest_list": lambda column: f"unnest({column})",
    "type_timestamp_utc": lambda: "timestamp with time zone",
    "landed_or_empty": lambda relation: relation,
}


def dispatch(macro_name, macro_namespace=None):
    return _DUCKDB[macro_name]
