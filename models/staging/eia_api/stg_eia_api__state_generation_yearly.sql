-- EIA API v2: yearly net generation by state and fuel group, all sectors, as the API served
-- it on the day of the landing. A live source: without EIA_API_KEY it never lands, and this
-- view is then empty with the same columns (macro landed_or_empty). States become US-XX, the
-- national row (US) becomes USA; fuel groups map to the warehouse's fuel (generation_fuels).
with generation as (
    select * from {{ landed_or_empty(source('eia_api', 'state_generation_yearly')) }}
)

select
    coalesce(aliases.geography_code, {{ dbt.concat(["'US-'", "generation.state_code"]) }})
        as geography_code,
    generation.state_name as publisher_geography_name,
    cast(generation.year as {{ dbt.type_int() }}) as year,
    generation.sector_id,
    generation.fuel_type_id as published_fuel,
    fuel_names.fuel,
    fuel_names.role as fuel_role,
    generation.net_generation_gwh * {{ unit_factor('GWh', 'TWh') }} as generation_twh,
    {{ source_id('eia_api', 'state_generation_yearly') }} as source_id
from generation
{{ join_geography_alias('generation.state_code', 'eia_api') }}
{{ join_generation_fuel(
    source_id('eia_api', 'state_generation_yearly'), 'generation.fuel_type_id'
) }}
