-- EIA-930 hourly net generation of the Lower 48 by energy source (USgrid's copy), one row per
-- hour and fuel, each source mapped to the warehouse's fuel (generation_fuels seed). EIA-930
-- stamps hours at their end; the stamp moves back one hour to the hour's start.
with generation as (
    select * from {{ source('eia930_usgrid', 'us48_generation_hourly') }}
)

select
    -- the table is the Lower 48 (EIA-930 respondent US48) by construction
    'US48' as geography_code,
    {{ dbt.dateadd('hour', -1, 'generation.datetime_utc') }} as datetime_utc,
    generation.fuel as published_fuel,
    fuel_names.fuel,
    fuel_names.role as fuel_role,
    generation.net_generation_mwh,
    {{ source_id('eia930_usgrid', 'us48_generation_hourly') }} as source_id
from generation
{{ join_generation_fuel(source_id('eia930_usgrid', 'us48_generation_hourly'), 'generation.fuel') }}
