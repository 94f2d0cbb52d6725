{#- The source_id of a raw table (its dim_source key), read from the generated source
    definition's meta rather than typed as a string literal in each model. dbt unit tests
    compile without the graph's sources: there the key is spelt from the arguments. -#}
{% macro source_id(source_name, table_name) -%}
    {%- set key = 'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name -%}
    {%- set sources = graph.get('sources') if execute else none -%}
    {%- set node = sources.get(key) if sources else none -%}
    {%- if sources and (node is none or not node.meta.get('source_id')) -%}
        {{ exceptions.raise_compiler_error(
            "source_id(): no source " ~ source_name ~ "." ~ table_name ~ " with meta.source_id"
        ) }}
    {%- endif -%}
    '{{ node.meta.source_id if node else source_name ~ "." ~ table_name }}'
{%- endmacro %}
