-- EIA's Electric Power Annual Table 3.1.A: US net generation (all sectors) by energy source,
-- one row per source and period (annual totals, or a month of 2022-2024), each source mapped
-- to the warehouse's fuel and role (generation_fuels seed): EIA's small-scale solar estimate
-- is 'distributed' (outside the utility-scale total), its solar totals are subtotals.
with generation as (
    select * from {{ source('eia_epa', 'net_generation') }}
)

select
    'USA' as geography_code,
    generation.period_type,
    cast(generation.year as {{ dbt.type_int() }}) as year,
    cast(generation.month as {{ dbt.type_int() }}) as month,
    generation.energy_source as published_fuel,
    fuel_names.fuel,
    fuel_names.role as fuel_role,
    generation.net_generation_gwh * {{ unit_factor('GWh', 'TWh') }} as generation_twh,
    {{ source_id('eia_epa', 'net_generation') }} as source_id
from generation
{{ join_generation_fuel(source_id('eia_epa', 'net_generation'), 'generation.energy_source') }}
