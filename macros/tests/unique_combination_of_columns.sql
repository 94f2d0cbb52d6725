{#- No two rows share the same values in `combination_of_columns`: for a grain that holds
    only where a condition does (`config: where:`); a model's own grain is in its
    row_checks test. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    select {{ combination_of_columns | join(", ") }}, count(*) as n_rows
    from {{ model }}
    group by {{ combination_of_columns | join(", ") }}
    having count(*) > 1
{% endtest %}
