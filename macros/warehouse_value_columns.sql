{#- The columns of a row of warehouse_values after its key: the value and its range, a label
    a sentence may quote, the curated figure(s) and the raw table the value comes from, and,
    for a share of demand, the demand's raw table. Each argument is an expression; one left
    out is null (source_id defaults to the column of that name). -#}
{% macro warehouse_value_columns(value, low=none, high=none, label=none, figure_id=none,
                                 source_id='source_id', demand_source_id=none) %}
    {%- set null_text = 'cast(null as ' ~ dbt.type_string() ~ ')' %}
    {%- set null_float = 'cast(null as double)' %}
    {%- for column, expression, null in [
        ('value', value, null_float), ('value_low', low, null_float),
        ('value_high', high, null_float), ('label', label, null_text),
        ('figure_id', figure_id, null_text), ('source_id', source_id, null_text),
        ('demand_source_id', demand_source_id, null_text)] %}
        {{ expression or null }} as {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{% endmacro %}
