{#- Layer schemas are named as configured (staging, intermediate, marts, reference) rather
    than prefixed with the target schema, so analysts query marts.fct_... directly. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
