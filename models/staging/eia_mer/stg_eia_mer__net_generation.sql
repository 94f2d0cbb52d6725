-- EIA's Monthly Energy Review Table 7.2a: US net generation (all sectors) by source, one row
-- per series (MSN) and period (annual, or a month), each series mapped to the warehouse's fuel
-- (generation_fuels seed). 'Not Available' periods stay empty.
with generation as (
    select * from {{ source('eia_mer', 'net_generation') }}
)

select
    'USA' as geography_code,
    generation.period_type,
    cast(generation.year as {{ dbt.type_int() }}) as year,
    cast(generation.month as {{ dbt.type_int() }}) as month,
    generation.msn as published_fuel,
    fuel_names.fuel,
    fuel_names.role as fuel_role,
    generation.net_generation_gwh * {{ unit_factor('GWh', 'TWh') }} as generation_twh,
    {{ source_id('eia_mer', 'net_generation') }} as source_id
from generation
{{ join_generation_fuel(source_id('eia_mer', 'net_generation'), 'generation.msn') }}
