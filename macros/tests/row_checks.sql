{#- A model's grain, required columns, references and value checks, in one test: one dbt
    node instead of one per check (a node costs about 70 ms of dbt's own Python, under the
    GIL). Each failing row says which check failed (`failed_check`) and on what (`detail`):
    - unique (the grain): no two rows share these columns' values, nulls included (as
      unique_combination_of_columns): `duplicate key (geography_code, year)=(FRA, 2023) x2`;
    - not_null: the columns that must hold a value, all in one scan: `null: year month at
      (geography_code, year)=(FRA, null)` (the row's grain, when one is given);
    - references, [{column, to: ref(...), field}]: every non-null value of `column` is a
      `field` of `to` (dbt's relationships; a null passes):
      `geography_code=XXX not in dim_geography.geography_code x3`;
    - ranges, [{column, min_value, max_value, inclusive}]: each non-null value lies within
      the bounds given (inclusive unless inclusive: false; as dbt_utils' accepted_range):
      `demand_twh=-3 outside [0, 100000] x2`;
    - accepted_values, [{column, values, quote}]: each non-null value is one of `values`
      (quoted as strings unless quote: false; as dbt's accepted_values):
      `demand_basis=foo not in accepted values x4`;
    - expressions, [<SQL>]: each is true on every row, a null counting as false (as
      expression_is_true): `not true: a <= b at (geography_code, year)=(FRA, 2023)`, or
      `not true: a <= b x3` without a grain.
    Adapter-neutral (dbt.concat and casts to dbt.type_string), so it runs on Spark too. -#}
{% test row_checks(
    model, unique=none, not_null=none, references=none,
    ranges=none, accepted_values=none, expressions=none
) %}
    {%- set parts = [] -%}
    {%- if unique -%}
        {%- do parts.append(row_checks_duplicates(model, unique)) -%}
    {%- endif -%}
    {%- if not_null -%}
        {%- do parts.append(row_checks_nulls(model, not_null, unique)) -%}
    {%- endif -%}
    {%- for reference in references or [] -%}
        {%- do parts.append(row_checks_orphans(model, reference)) -%}
    {%- endfor -%}
    {%- for bounds in ranges or [] -%}
        {%- do parts.append(row_checks_outside(model, bounds)) -%}
    {%- endfor -%}
    {%- for accepted in accepted_values or [] -%}
        {%- do parts.append(row_checks_unaccepted(model, accepted)) -%}
    {%- endfor -%}
    {%- for expression in expressions or [] -%}
        {%- do parts.append(row_checks_untrue(model, expression, unique)) -%}
    {%- endfor -%}
    {%- if not parts -%}
        {{ exceptions.raise_compiler_error(
            'row_checks on ' ~ model ~ ': give unique, not_null, references, ranges, '
            ~ 'accepted_values or expressions'
        ) }}
    {%- endif -%}
    {{ parts | join('\nunion all\n') }}
{% endtest %}

{#- SQL text of a value as a string, 'null' for a null (concat of a null is null on Spark,
    '' on DuckDB: neither should blank a message). -#}
{% macro row_checks_text(expression) -%}
    coalesce(cast({{ expression }} as {{ dbt.type_string() }}), 'null')
{%- endmacro %}

{#- `(a, b)=(` value of a `, ` value of b `)`, as the parts of a dbt.concat. -#}
{% macro row_checks_key(columns) -%}
    {%- set key = ["'(" ~ columns | join(', ') ~ ")=('"] -%}
    {%- for column in columns -%}
        {%- do key.append(row_checks_text(column)) -%}
        {%- do key.append("', '" if not loop.last else "')'") -%}
    {%- endfor -%}
    {{ return(key) }}
{%- endmacro %}

{% macro row_checks_duplicates(model, columns) -%}
    {%- set detail = ["'duplicate key '"] + row_checks_key(columns)
        + ["' x'", row_checks_text('count(*)')] -%}
    select 'unique' as failed_check, {{ dbt.concat(detail) }} as detail
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{%- endmacro %}

{% macro row_checks_nulls(model, columns, key) -%}
    {%- set detail = ["'null:'"] -%}
    {%- for column in columns -%}
        {%- do detail.append(
            "case when " ~ column ~ " is null then ' " ~ column ~ "' else '' end"
        ) -%}
    {%- endfor -%}
    {%- if key -%}
        {%- set detail = detail + ["' at '"] + row_checks_key(key) -%}
    {%- endif -%}
    select 'not_null' as failed_check, {{ dbt.concat(detail) }} as detail
    from {{ model }}
    where {% for column in columns -%}
        {{ column }} is null{% if not loop.last %} or {% endif %}
    {%- endfor %}
{%- endmacro %}

{#- dbt's relationships, grouped by the missing value: child rows whose value the parent
    lacks (a left join finding no parent row), nulls aside. -#}
{% macro row_checks_orphans(model, reference) -%}
    {%- set column, field = reference['column'], reference['field'] -%}
    {%- set to = reference['to'] -%}
    {%- set parent = to.identifier if to.identifier is defined else to -%}
    {%- set detail = [
        "'" ~ column ~ "='", row_checks_text('child.' ~ column),
        "' not in " ~ parent ~ "." ~ field ~ " x'", row_checks_text('count(*)'),
    ] -%}
    select 'relationships' as failed_check, {{ dbt.concat(detail) }} as detail
    from {{ model }} as child
    left join {{ to }} as parent on child.{{ column }} = parent.{{ field }}
    where child.{{ column }} is not null and parent.{{ field }} is null
    group by child.{{ column }}
{%- endmacro %}

{#- dbt_utils' accepted_range, grouped by the value: non-null values below min_value or above
    max_value (bounds inclusive unless inclusive is false; either bound may be left out). -#}
{% macro row_checks_outside(model, bounds) -%}
    {%- set column = bounds['column'] -%}
    {%- set low, high = bounds.get('min_value'), bounds.get('max_value') -%}
    {%- set inclusive = bounds.get('inclusive', true) -%}
    {%- if low is none and high is none -%}
        {{ exceptions.raise_compiler_error(
            'row_checks on ' ~ model ~ ': the range of ' ~ column ~ ' has no bound'
        ) }}
    {%- endif -%}
    {%- set below, above = ('<', '>') if inclusive else ('<=', '>=') -%}
    {%- set interval = (
        (('[' if inclusive else '(') ~ low if low is not none else '(-inf') ~ ', '
        ~ (high ~ (']' if inclusive else ')') if high is not none else 'inf)')
    ) -%}
    {%- set detail = [
        "'" ~ column ~ "='", row_checks_text(column),
        "' outside " ~ interval ~ " x'", row_checks_text('count(*)'),
    ] -%}
    select 'accepted_range' as failed_check, {{ dbt.concat(detail) }} as detail
    from {{ model }}
    where {{ column }} is not null and (
        {%- if low is not none %} {{ column }} {{ below }} {{ low }}{% endif -%}
        {%- if low is not none and high is not none %} or{% endif -%}
        {%- if high is not none %} {{ column }} {{ above }} {{ high }}{% endif %}
    )
    group by {{ column }}
{%- endmacro %}

{#- dbt's accepted_values, grouped by the value: values not in the list (quoted as strings
    unless quote is false); a null passes, as `null not in (...)` is not true. -#}
{% macro row_checks_unaccepted(model, accepted) -%}
    {%- set column = accepted['column'] -%}
    {%- set quote = accepted.get('quote', true) -%}
    {%- set values = [] -%}
    {%- for value in accepted['values'] -%}
        {%- do values.append("'" ~ value ~ "'" if quote else value | string) -%}
    {%- endfor -%}
    {%- set detail = [
        "'" ~ column ~ "='", row_checks_text(column),
        "' not in accepted values x'", row_checks_text('count(*)'),
    ] -%}
    select 'accepted_values' as failed_check, {{ dbt.concat(detail) }} as detail
    from {{ model }}
    where {{ column }} not in ({{ values | join(', ') }})
    group by {{ column }}
{%- endmacro %}

{#- expression_is_true: rows where the expression is not true (a null counts as false), one
    failing row each, at its grain when one is given; without one, counted. -#}
{% macro row_checks_untrue(model, expression, key) -%}
    {%- set said = dbt.escape_single_quotes(expression.split() | join(' ')) -%}
    {%- set detail = ["'not true: " ~ said ~ "'"] -%}
    {%- if key -%}
        {%- set detail = detail + ["' at '"] + row_checks_key(key) -%}
    {%- else -%}
        {%- set detail = detail + ["' x'", row_checks_text('count(*)')] -%}
    {%- endif -%}
    select 'expression_is_true' as failed_check, {{ dbt.concat(detail) }} as detail
    from {{ model }}
    where not coalesce(({{ expression }}), false)
    {%- if not key %}
    having count(*) > 0
    {%- endif %}
{%- endmacro %}
