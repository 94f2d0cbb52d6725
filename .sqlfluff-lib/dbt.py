"""Stand-ins for dbt's cross-database macros, so sqlfluff's jinja templater can render the
models without running dbt (lint only; dbt renders the real ones)."""


def safe_cast(field, type_):
    return f"try_cast({field} as {type_})"


def type_int():
    return "integer"


def type_bigint():
    return "bigint"


def type_float():
    return "double"


def type_string():
    return "varchar"


def type_timestamp():
    return "timestamp"


def type_boolean():
    return "boolean"


def listagg(measure, delimiter_text="','", order_by_clause=None, limit_num=None):
    return f"string_agg({measure}, {delimiter_text} {order_by_clause or ''})"


def concat(fields):
    return f"concat({', '.join(fields)})"


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"date_add({from_date_or_timestamp}, interval ({interval}) {datepart})"


def split_part(string_text, delimiter_text, part_number):
    return f"split_part({string_text}, {delimiter_text}, {part_number})"
