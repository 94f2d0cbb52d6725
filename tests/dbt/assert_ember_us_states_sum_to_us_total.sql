-- Ember's US states and D.C. add up to its 'US Total' (USA), in generation and emissions,
-- every year and month. Puerto Rico is listed from 2017 but is not in Ember's US total, so it
-- is left out (with it, the states overshoot by 0.3-0.5 %). Tolerance 0.1 % a year: the
-- published values are rounded to 0.01 GWh or ktCO2 and the largest yearly gap is 0.007 %
-- (2024). 1 % a month: EIA's monthly state figures are partly estimated and revised apart
-- from the national ones (largest gaps 0.39 % in generation, 0.51 % in emissions, 2024-05).
-- Returns the periods outside these.
with periods as (
    select
        geography_code,
        year,
        0 as month,
        generation_twh,
        emissions_mtco2e
    from {{ ref('stg_ember__us_state_yearly') }}
    union all
    select
        geography_code,
        year,
        month,
        generation_twh,
        emissions_mtco2e
    from {{ ref('stg_ember__us_state_monthly') }}
),

states as (
    select
        year,
        month,
        sum(generation_twh) as generation_twh,
        sum(emissions_mtco2e) as emissions_mtco2e
    from periods
    where geography_code not in ('USA', 'US-PR')
    group by year, month
),

us_total as (
    select * from periods
    where geography_code = 'USA'
)

select
    us_total.year,
    us_total.month,
    states.generation_twh as states_generation_twh,
    us_total.generation_twh as us_generation_twh,
    states.emissions_mtco2e as states_emissions_mtco2e,
    us_total.emissions_mtco2e as us_emissions_mtco2e
from us_total
left join states
    on us_total.year = states.year and us_total.month = states.month
where
    states.year is null
    or abs(states.generation_twh / us_total.generation_twh - 1)
    > case when us_total.month = 0 then 0.001 else 0.01 end
    or abs(states.emissions_mtco2e / us_total.emissions_mtco2e - 1)
    > case when us_total.month = 0 then 0.001 else 0.01 end
