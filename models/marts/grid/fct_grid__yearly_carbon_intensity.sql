-- Grid carbon intensity, demand and generation by geography and year: each publisher's
-- series is its own row with its method, and is_primary marks the one row per geography and
-- year to use when one number is wanted (macro primary_series; ranks in
-- seeds/grid_intensity_series.csv); is_primary_in_scope the one row per geography, year and
-- emission scope, where a measured direct rate outranks one derived from generic factors.
with flagged as (
    {{ primary_series(ref('int_grid__yearly_intensity_series'), ['year']) }}
)

select
    geography_code,
    year,
    method,
    source_id,
    is_primary,
    demand_twh,
    carbon_intensity_gco2e_per_kwh,
    generation_twh,
    low_carbon_share_frac,
    priority as series_priority,
    emission_scope,
    is_primary_in_scope
from flagged
