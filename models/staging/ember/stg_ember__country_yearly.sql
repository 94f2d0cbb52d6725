-- Ember's yearly country overview on the warehouse's names: one row per geography and year.
-- Aggregates (World, EU, regions) have no ISO code in Ember's file; they are mapped to
-- geography codes through the aliases seed.
with country_yearly as (
    select * from {{ source('ember', 'country_yearly') }}
)

select
    coalesce(country_yearly.country_code, aliases.geography_code) as geography_code,
    country_yearly.country_or_region as publisher_geography_name,
    cast(country_yearly.year as {{ dbt.type_int() }}) as year,
    country_yearly.demand_twh,
    country_yearly.demand_mwh_per_capita,
    country_yearly.emissions_intensity_gco2_per_kwh as carbon_intensity_gco2e_per_kwh,
    country_yearly.ember_region,
    country_yearly.eu_flag as is_eu_member,
    country_yearly.g20_flag as is_g20_member,
    country_yearly.g7_flag as is_g7_member,
    country_yearly.oecd_flag as is_oecd_member,
    {{ source_id('ember', 'country_yearly') }} as source_id
from country_yearly
{{ join_geography_alias('country_yearly.country_or_region', 'ember') }}
