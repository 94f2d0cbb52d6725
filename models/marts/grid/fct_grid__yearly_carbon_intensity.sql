-- Grid carbon intensity and demand by geography and year. Each publisher's figure is its
-- own row with its method; is_primary marks the one series to use when one number is wanted
-- (Ember's, the only one with full country and aggregate coverage and a world total).
select
    geography_code,
    year,
    'lifecycle_production' as method,
    source_id,
    true as is_primary,
    demand_twh,
    carbon_intensity_gco2e_per_kwh
from {{ ref('stg_ember__country_yearly') }}
where carbon_intensity_gco2e_per_kwh is not null
