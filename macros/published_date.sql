{#- A curated publication date written YYYY, YYYY-MM or YYYY-MM-DD, as a date: the first day
    of the month or year where only those are known (the text stays in `published`). -#}
{% macro published_date(column) -%}
    cast(
        case length({{ column }})
            when 4 then {{ dbt.concat([column, "'-01-01'"]) }}
            when 7 then {{ dbt.concat([column, "'-01'"]) }}
            else {{ column }}
        end as date
    )
{%- endmacro %}
