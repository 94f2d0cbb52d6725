-- The IEA annex's six regions (North America with the United States, Asia Pacific with China)
-- cover less than the world: the IEA publishes no remainder (409.6 of 416 TWh in 2024). Their
-- sum must not exceed the world in any year and scenario the regions are published for.
-- Tolerance 0.5 TWh: the regions are rounded to 0.1-1 TWh each.
with regions as (
    select
        year,
        scenario,
        sum(electricity_twh) as regions_twh
    from {{ ref('fct_dc__yearly_electricity') }}
    where
        source_id = {{ source_id('iea', 'energy_ai_annex') }}
        and data_centre_type = 'total'
        and geography_code in (
            'IEA_NORTH_AMERICA', 'IEA_CENTRAL_SOUTH_AMERICA', 'IEA_EUROPE', 'IEA_AFRICA',
            'IEA_MIDDLE_EAST', 'IEA_ASIA_PACIFIC'
        )
    group by year, scenario
)

select
    regions.year,
    regions.scenario,
    regions.regions_twh,
    world.electricity_twh as world_twh
from regions
inner join {{ ref('fct_dc__yearly_electricity') }} as world
    on
        regions.year = world.year
        and regions.scenario = world.scenario
        and world.geography_code = 'WORLD'
        and world.data_centre_type = 'total'
        and world.source_id = {{ source_id('iea', 'energy_ai_annex') }}
where regions.regions_twh > world.electricity_twh + 0.5
