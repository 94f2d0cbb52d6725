-- Ember's US-state overview calls its quantity demand, but it is the state's net generation:
-- it equals the sum of the state's generation by fuel (components) in Ember's generation
-- table, which is why staging names it generation_twh. Tolerance 1e-6 relative (float sums
-- of values rounded to 0.01 GWh). Returns the state-years where the two differ.
with by_fuel as (
    select
        geography_code,
        year,
        sum(generation_twh) as generation_twh
    from {{ ref('stg_ember__us_state_generation_yearly') }}
    where fuel_role = 'component'
    group by geography_code, year
)

select
    overview.geography_code,
    overview.year,
    overview.generation_twh as overview_generation_twh,
    by_fuel.generation_twh as sum_of_fuels_twh
from {{ ref('stg_ember__us_state_yearly') }} as overview
inner join by_fuel
    on overview.geography_code = by_fuel.geography_code and overview.year = by_fuel.year
where
    abs(overview.generation_twh - by_fuel.generation_twh)
    > 1e-6 * abs(overview.generation_twh) + 1e-9
