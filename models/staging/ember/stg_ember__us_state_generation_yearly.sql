-- Ember's yearly US-state generation and emissions by fuel, one row per state, year and
-- published variable; 'US Total' becomes USA. Each variable is mapped to the warehouse's fuel
-- and its role (generation_fuels seed): fuels are components, Ember's Clean, Fossil,
-- Renewables and Wind and solar are subtotals.
with generation as (
    select * from {{ source('ember', 'us_state_generation_yearly') }}
)

select
    coalesce(us_states.geography_code, state_aliases.geography_code) as geography_code,
    generation.state as publisher_geography_name,
    cast(generation.year as {{ dbt.type_int() }}) as year,
    generation.variable as published_fuel,
    fuel_names.fuel,
    fuel_names.role as fuel_role,
    generation.generation_gwh * {{ unit_factor('GWh', 'TWh') }} as generation_twh,
    generation.emissions_ktco2 * {{ unit_factor('ktCO2e', 'MtCO2e') }} as emissions_mtco2e,
    {{ source_id('ember', 'us_state_generation_yearly') }} as source_id
from generation
{{ join_us_state_name('generation.state', 'ember') }}
{{ join_generation_fuel(source_id('ember', 'us_state_generation_yearly'), 'generation.variable') }}
