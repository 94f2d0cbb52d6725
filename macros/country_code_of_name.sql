{#- Joins that give a publisher's country name its ISO code: the ISO short name in the
    geography seed, else the publisher's alias (seeds/geography_aliases.csv). Use
    coalesce(iso_names.geography_code, name_aliases.geography_code); a name in neither
    stays null, for a test to stop. -#}
{% macro join_country_name(name_sql, publisher) -%}
    left join {{ ref('geography_iso3166') }} as iso_names
        on {{ name_sql }} = iso_names.geography_name and iso_names.geography_type = 'country'
    left join {{ ref('geography_aliases') }} as name_aliases
        on {{ name_sql }} = name_aliases.alias and name_aliases.publisher = '{{ publisher }}'
{%- endmacro %}
