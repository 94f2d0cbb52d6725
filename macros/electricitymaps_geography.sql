{#- Electricity Maps' zone keys on the warehouse's geography codes, for every Electricity Maps
    source: a country zone (ISO alpha-2) becomes its ISO alpha-3 code; a zone that is an ISO
    3166-2 subdivision in the seed (US-AK, US-HI) keeps that code; a US balancing authority
    (US-<region>-<BA>) becomes EIA's BA code (seeds/geography_grid_regions.csv); any other
    zone is ELECTRICITYMAPS_<zone key>, which must be in that seed too. Use the CTEs, then
    the code expression and the joins on the relation holding `zone_key`. -#}
{% macro electricitymaps_geography_ctes() -%}
    zone_countries as (
        select
            geography_code,
            iso2_code
        from {{ ref('geography_iso3166') }}
        where geography_type = 'country'
    ),

    zone_subdivisions as (
        select geography_code
        from {{ ref('geography_iso3166') }}
        where geography_type = 'subdivision'
    ),

    zone_balancing_authorities as (
        select geography_code
        from {{ ref('geography_grid_regions') }}
        where geography_type = 'balancing_authority'
    )
{%- endmacro %}

{% macro electricitymaps_geography_code(zone_key) -%}
    case
        when {{ zone_key }} not like '%-%' then zone_countries.geography_code
        when zone_subdivisions.geography_code is not null then zone_subdivisions.geography_code
        when zone_balancing_authorities.geography_code is not null
            then zone_balancing_authorities.geography_code
        else {{ dbt.concat(["'ELECTRICITYMAPS_'", zone_key]) }}
    end
{%- endmacro %}

{% macro electricitymaps_geography_joins(zone_key) -%}
    left join zone_countries
        on {{ zone_key }} = zone_countries.iso2_code
    left join zone_subdivisions
        on {{ zone_key }} = zone_subdivisions.geography_code
    left join zone_balancing_authorities
        on
            {{ zone_key }} like 'US-%-%'
            and {{ dbt.split_part(zone_key, "'-'", 3) }}
            = zone_balancing_authorities.geography_code
{%- endmacro %}
