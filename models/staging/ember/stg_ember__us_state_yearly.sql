-- Ember's yearly US-state overview (derived from EIA), one row per state and year; 'US Total'
-- becomes USA. Ember's demand_gwh here is the state's net generation (it equals the sum of
-- the state's generation by fuel: tests/dbt/assert_ember_us_state_demand_is_generation.sql),
-- so it is named generation_twh.
with states as (
    select * from {{ source('ember', 'us_state_yearly') }}
)

select
    coalesce(us_states.geography_code, state_aliases.geography_code) as geography_code,
    states.state as publisher_geography_name,
    cast(states.year as {{ dbt.type_int() }}) as year,
    states.demand_gwh * {{ unit_factor('GWh', 'TWh') }} as generation_twh,
    states.emissions_ktco2 * {{ unit_factor('ktCO2e', 'MtCO2e') }} as emissions_mtco2e,
    states.emissions_intensity_gco2_per_kwh as carbon_intensity_gco2e_per_kwh,
    {{ source_id('ember', 'us_state_yearly') }} as source_id
from states
{{ join_us_state_name('states.state', 'ember') }}
