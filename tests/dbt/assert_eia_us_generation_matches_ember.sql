-- EIA's own US generation (Electric Power Annual: utility-scale total plus EIA's small-scale
-- solar estimate) against Ember's US total, which Ember derives from EIA with small-scale
-- solar included. Tolerance 1 %: they differ by 0.06-0.22 % in 2014-2024 (Ember's vintage
-- of EIA's data against the Annual's). Returns the years further apart.
with eia as (
    select
        year,
        generation_twh
    from {{ ref('int_grid__yearly_fuel_mix_intensity') }}
    where
        source_id = {{ source_id('eia_epa', 'net_generation') }}
        and geography_code = 'USA'
        and scope = 'lifecycle'
),

ember as (
    select
        year,
        generation_twh
    from {{ ref('stg_ember__us_state_yearly') }}
    where geography_code = 'USA'
)

select
    eia.year,
    eia.generation_twh as eia_generation_twh,
    ember.generation_twh as ember_generation_twh
from eia
inner join ember on eia.year = ember.year
where abs(eia.generation_twh / ember.generation_twh - 1) > 0.01
