{#- dbt-duckdb ships no safe_cast: DuckDB's try_cast returns null where a cast fails. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{#- dbt-spark's safe_cast is a plain cast, which fails in ANSI mode (profiles.yml): Spark's
    try_cast returns null, as DuckDB's does. -#}
{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
