{#- Hours in a calendar year: 8,784 in a leap year, else 8,760. -#}
{% macro hours_in_year(year_sql) -%}
    case
        when
            mod({{ year_sql }}, 4) = 0
            and (mod({{ year_sql }}, 100) <> 0 or mod({{ year_sql }}, 400) = 0)
            then 8784
        else 8760
    end
{%- endmacro %}
