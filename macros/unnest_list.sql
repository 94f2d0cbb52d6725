{#- One row per element of a list column: DuckDB's unnest, Spark's explode. -#}
{% macro unnest_list(column) -%}
    {{ return(adapter.dispatch('unnest_list')(column)) }}
{%- endmacro %}

{% macro default__unnest_list(column) -%}
    explode({{ column }})
{%- endmacro %}

{% macro duckdb__unnest_list(column) -%}
    unnest({{ column }})
{%- endmacro %}
