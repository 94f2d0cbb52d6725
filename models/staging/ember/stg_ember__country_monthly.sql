-- Ember's monthly country overview on the warehouse's names: one row per geography and
-- month. Aggregates (World, EU, regions) have no ISO code in Ember's file; they are mapped to
-- geography codes through the aliases seed, as in the yearly table.
with country_monthly as (
    select * from {{ source('ember', 'country_monthly') }}
)

select
    coalesce(country_monthly.country_code, aliases.geography_code) as geography_code,
    country_monthly.country_or_region as publisher_geography_name,
    cast(extract(year from country_monthly.date) as {{ dbt.type_int() }}) as year,
    cast(extract(month from country_monthly.date) as {{ dbt.type_int() }}) as month,
    country_monthly.demand_twh,
    country_monthly.emissions_intensity_gco2_per_kwh as carbon_intensity_gco2e_per_kwh,
    {{ source_id('ember', 'country_monthly') }} as source_id
from country_monthly
{{ join_geography_alias('country_monthly.country_or_region', 'ember') }}
