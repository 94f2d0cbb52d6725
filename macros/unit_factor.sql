{#- The factor that turns a value in from_unit into to_unit, read from the unit_conversions
    seed (a scalar subquery), so no conversion constant is typed into a model. -#}
{% macro unit_factor(from_unit, to_unit) -%}
    (
        select unit_conversions.factor
        from {{ ref('unit_conversions') }} as unit_conversions
        where
            unit_conversions.from_unit = '{{ from_unit }}'
            and unit_conversions.to_unit = '{{ to_unit }}'
    )
{%- endmacro %}
