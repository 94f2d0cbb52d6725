-- Ember's monthly US-state overview, one row per state and month; 'US Total' becomes USA.
-- As in the yearly table, Ember's demand is the state's net generation.
with states as (
    select * from {{ source('ember', 'us_state_monthly') }}
)

select
    coalesce(us_states.geography_code, state_aliases.geography_code) as geography_code,
    states.state as publisher_geography_name,
    cast(extract(year from states.date) as {{ dbt.type_int() }}) as year,
    cast(extract(month from states.date) as {{ dbt.type_int() }}) as month,
    states.demand_gwh * {{ unit_factor('GWh', 'TWh') }} as generation_twh,
    states.emissions_ktco2 * {{ unit_factor('ktCO2e', 'MtCO2e') }} as emissions_mtco2e,
    states.emissions_intensity_gco2_per_kwh as carbon_intensity_gco2e_per_kwh,
    {{ source_id('ember', 'us_state_monthly') }} as source_id
from states
{{ join_us_state_name('states.state', 'ember') }}
