{#- The rows where any of `columns` is null, in one scan of the model (one test for what
    would be a not_null test per column: a test is a node, each about 40 ms of dbt's own
    time). Each failing row names its null columns in `null_columns`. -#}
{% test not_null_columns(model, columns) %}
    {%- set named = [] -%}
    {%- for column in columns -%}
        {%- do named.append(
            "case when " ~ column ~ " is null then '" ~ column ~ " ' else '' end"
        ) -%}
    {%- endfor %}
    select {{ dbt.concat(named) }} as null_columns
    from {{ model }}
    where
        {% for column in columns -%}
            {{ column }} is null{% if not loop.last %} or {% endif %}
        {%- endfor %}
{% endtest %}
