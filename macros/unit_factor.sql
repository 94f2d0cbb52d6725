{#- The factor that turns a value in from_unit into to_unit (value_to = value_from x factor),
    read from seeds/unit_conversions.csv. A pair missing from the seed gives nulls, which the
    converted columns' not_null tests stop. -#}
{% macro unit_factor(from_unit, to_unit) -%}
    (
        select factor from {{ ref('unit_conversions') }}
        where from_unit = '{{ from_unit }}' and to_unit = '{{ to_unit }}'
    )
{%- endmacro %}
