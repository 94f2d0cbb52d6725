{#- An instant in time (stored in UTC): DuckDB's timestamp with time zone; Spark's timestamp
    is already an instant. Sessions are pinned to UTC (profiles.yml), so both show UTC. -#}
{% macro type_timestamp_utc() -%}
    {{ return(adapter.dispatch('type_timestamp_utc')()) }}
{%- endmacro %}

{% macro default__type_timestamp_utc() -%}
    {{ dbt.type_timestamp() }}
{%- endmacro %}

{% macro duckdb__type_timestamp_utc() -%}
    timestamp with time zone
{%- endmacro %}
