{#- dbt-spark's listagg drops the order_by_clause (collect_list gathers in no set order), so
    the same list came out in another order than DuckDB's. Spark 4 has the ordered form. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if not order_by_clause -%}
        {{ return(dbt.spark__listagg(measure, delimiter_text, order_by_clause, limit_num)) }}
    {%- elif limit_num -%}
        {{ exceptions.raise_compiler_error('listagg on Spark: order_by_clause with limit_num') }}
    {%- endif -%}
    listagg({{ measure }}, {{ delimiter_text }}) within group ({{ order_by_clause }})
{%- endmacro %}
