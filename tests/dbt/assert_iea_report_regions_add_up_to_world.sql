-- Energy and AI's regional chart (the United States, China, IEA Europe, the rest of Asia
-- Pacific and the rest of the world: five parts with no overlap) against the report's own
-- world figure, for 2024 and the Base Case 2030. Tolerance 1 %: each part is rounded to the
-- TWh, and the world figure is 415 TWh in the text against 416 in the annex and the chart.
with report as (
    select *
    from {{ ref('fct_dc__yearly_electricity') }}
    where publication = 'Energy and AI (World Energy Outlook Special Report)'
),

parts as (
    select
        year,
        scenario,
        sum(electricity_twh) as parts_twh,
        count(*) as n_parts
    from report
    where
        geography_code in (
            'USA', 'CHN', 'IEA_EUROPE', 'IEA_ASIA_PACIFIC_EXCL_CHN', 'IEA_REST_OF_WORLD'
        )
    group by year, scenario
)

select
    parts.*,
    world.electricity_twh as world_twh
from parts
inner join report as world
    on
        parts.year = world.year
        and parts.scenario = world.scenario
        and world.geography_code = 'WORLD'
where
    parts.n_parts <> 5
    or abs(parts.parts_twh - world.electricity_twh) > 0.01 * world.electricity_twh
