{#- dbt-duckdb ships no safe_cast: DuckDB's try_cast returns null where a cast fails. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
