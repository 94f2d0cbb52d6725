{#- A source table, or an empty one with its columns when it never landed: a live API whose
    key is not set is skipped by ingest (see ingest.registry.Live), and the models reading it
    must still build. The columns and types come from the generated source definition.
    Pass the relation as `landed_or_empty(source('eia_api', 'table'))`. -#}
{% macro landed_or_empty(relation) -%}
    {{ return(adapter.dispatch('landed_or_empty')(relation)) }}
{%- endmacro %}

{% macro default__landed_or_empty(relation) -%}
    {{ return(relation) }}
{%- endmacro %}

{% macro duckdb__landed_or_empty(relation) -%}
    {#- unit tests hand in a fixture CTE, which has no external location -#}
    {%- if execute and relation.external -%}
        {%- set found = run_query("select count(*) from glob(" ~ relation.external ~ ")") -%}
        {%- if found.columns[0].values()[0] == 0 -%}
            {{ return(empty_source(relation.schema, relation.identifier)) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{% macro empty_source(source_name, table_name) -%}
    {%- set key = 'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name -%}
    {%- set node = graph.sources[key] -%}
    (
        select
    {%- for column in node.columns.values() %}
            cast(null as {{ column.data_type }}) as {{ column.name }}{{ "," if not loop.last }}
    {%- endfor %}
        where 1 = 0
    )
{%- endmacro %}
