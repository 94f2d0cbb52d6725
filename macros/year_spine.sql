{#- One row per year from first to last (column `year`), as plain unions so that every
    engine runs it (no generate_series, no VALUES lists). -#}
{% macro year_spine(first, last) -%}
    {%- for y in range(first, last + 1) %}
        select {{ y }} as year{% if not loop.last %} union all{% endif %}
    {%- endfor %}
{%- endmacro %}
