-- A knob's default that copies a curated figure (its figure_id) equals that figure's value;
-- the central AI share for 2030, derived, is recomputed from its three inputs: de Vries-Gao's
-- 20 % (DEVG-01) x the IEA's fourfold growth of AI-optimised data centres (IEA-16) x the
-- annex's World 2024 / Base 2030 electricity. Tolerance 0.0005: the seed rounds the derived
-- share to three decimals.
with seed as (
    select * from {{ ref('ai_scenario_assumptions') }}
),

figures as (
    select * from {{ ref('stg_curated__dc_electricity_estimates') }}
),

annex_world as (
    select
        max(case when scenario = 'historical' and year = 2024 then electricity_twh end)
            as twh_2024,
        max(case when scenario = 'base' and year = 2030 then electricity_twh end) as twh_2030
    from {{ ref('stg_iea__energy_ai_annex') }}
    where geography_code = 'WORLD' and data_centre_type = 'total' and sheet = 'World Data'
),

expected as (
    select
        seed.assumption,
        seed.value,
        figures.value as expected_value
    from seed
    inner join figures
        on seed.figure_id = figures.figure_id

    union all

    select
        seed.assumption,
        seed.value,
        share_2024.value * growth.value * annex_world.twh_2024 / annex_world.twh_2030
            as expected_value
    from seed
    cross join annex_world
    inner join figures as share_2024
        on share_2024.figure_id = 'DEVG-01'
    inner join figures as growth
        on growth.figure_id = 'IEA-16'
    where seed.assumption = 'ai_share_of_dc_2030'
)

select *
from expected
where expected_value is null or abs(value - expected_value) > 0.0005
