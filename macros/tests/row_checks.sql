{#- A model's grain, required columns and references, checked in one test: one dbt node
    instead of one per check (a node costs about 40 ms of dbt's own Python, under the GIL).
    Each failing row says which check failed (`failed_check`) and on what (`detail`):
    - unique (the grain): no two rows share these columns' values, nulls included (as
      unique_combination_of_columns): `duplicate key (geography_code, year)=(FRA, 2023) x2`;
    - not_null: the columns that must hold a value, all in one scan: `null: year month at
      (geography_code, year)=(FRA, null)` (the row's grain, when one is given);
    - references, [{column, to: ref(...), field}]: every non-null value of `column` is a
      `field` of `to` (dbt's relationships; a null passes):
      `geography_code=XXX not in dim_geography.geography_code x3`.
    Adapter-neutral (dbt.concat and casts to dbt.type_string), so it runs on Spark too. -#}
{% test row_checks(model, unique=none, not_null=none, references=none) %}
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
    {%- if not parts -%}
        {{ exceptions.raise_compiler_error(
            'row_checks on ' ~ model ~ ': give unique, not_null or references'
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
