{#- A fact about a raw table from its generated source definition's meta (the table's, else
    its source's), rather than typed as a string literal in each model: source_id (its
    dim_source key), title, publisher. dbt unit tests compile without the graph's sources:
    there the source_id is spelt from the arguments, any other field is its own name. -#}
{% macro source_meta(source_name, table_name, field) -%}
    {%- set key = 'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name -%}
    {%- set sources = graph.get('sources') if execute else none -%}
    {%- set node = sources.get(key) if sources else none -%}
    {%- set value = node.meta.get(field, node.source_meta.get(field)) if node else none -%}
    {%- if sources and value is none -%}
        {{ exceptions.raise_compiler_error(
            "source_meta(): no source " ~ source_name ~ "." ~ table_name ~ " with meta." ~ field
        ) }}
    {%- endif -%}
    {%- if not node -%}
        {%- set value = source_name ~ "." ~ table_name if field == 'source_id' else field -%}
    {%- endif -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}

{% macro source_id(source_name, table_name) -%}
    {{ source_meta(source_name, table_name, 'source_id') }}
{%- endmacro %}
