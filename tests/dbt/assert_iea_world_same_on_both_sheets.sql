-- The IEA prints the World on both sheets of its annex; the marts read it from 'World Data'
-- only, so the two must agree. Tolerance 0.5 % of the value: the sheets round alike today
-- (identical figures); a gap beyond rounding means the IEA revised one sheet and not the
-- other, and the choice of sheet would then change the answer.
with world as (
    select * from {{ ref('stg_iea__energy_ai_annex') }}
    where geography_code = 'WORLD' and data_centre_type = 'total'
)

select
    world_data.year,
    world_data.scenario,
    world_data.electricity_twh as world_sheet_twh,
    regional.electricity_twh as regional_sheet_twh
from world as world_data
inner join world as regional
    on
        world_data.year = regional.year
        and world_data.scenario = regional.scenario
        and regional.sheet = 'Regional Data'
where
    world_data.sheet = 'World Data'
    and abs(world_data.electricity_twh - regional.electricity_twh)
    > 0.005 * world_data.electricity_twh
