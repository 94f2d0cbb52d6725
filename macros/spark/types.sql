{#- Column types as written for DuckDB in contracts and seed column_types, in Spark's names:
    Spark has no bare varchar (it needs a length) and calls an instant `timestamp`. Sessions
    run in UTC (profiles.yml), so DuckDB's `timestamp` and Spark's `timestamp` read alike. -#}
{% macro spark_type(data_type) %}
    {%- set names = {
        'varchar': 'string',
        'text': 'string',
        'timestamptz': 'timestamp',
        'timestamp with time zone': 'timestamp',
    } -%}
    {{ return(names.get(data_type | trim | lower, data_type)) }}
{% endmacro %}

{#- dbt casts a null to each contract column's type to learn what the contract means. -#}
{% macro spark__cast(field, type) %}
    cast({{ field }} as {{ spark_type(type) }})
{%- endmacro %}
