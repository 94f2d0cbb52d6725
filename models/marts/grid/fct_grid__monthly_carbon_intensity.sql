-- Monthly grid carbon intensity from Ember's monthly tables: countries and aggregates with
-- their demand, US states (and Ember's US total) with their generation. One row per
-- geography, month and source; is_primary as in the yearly mart (macro primary_series).
with series_rows as (
    select
        geography_code,
        year,
        month,
        source_id,
        'lifecycle_production' as method,
        demand_twh,
        cast(null as {{ dbt.type_float() }}) as generation_twh,
        carbon_intensity_gco2e_per_kwh
    from {{ ref('stg_ember__country_monthly') }}
    where carbon_intensity_gco2e_per_kwh is not null
    union all
    select
        geography_code,
        year,
        month,
        source_id,
        'lifecycle_production' as method,
        cast(null as {{ dbt.type_float() }}) as demand_twh,
        generation_twh,
        carbon_intensity_gco2e_per_kwh
    from {{ ref('stg_ember__us_state_monthly') }}
    where carbon_intensity_gco2e_per_kwh is not null
),

flagged as (
    {{ primary_series('series_rows', ['year', 'month']) }}
)

select
    geography_code,
    year,
    month,
    method,
    source_id,
    is_primary,
    demand_twh,
    generation_twh,
    carbon_intensity_gco2e_per_kwh,
    priority as series_priority
from flagged
