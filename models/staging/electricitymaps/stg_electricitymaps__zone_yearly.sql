-- Electricity Maps' yearly zone averages, one row per zone and year, with the zone's geography
-- code (macros/electricitymaps_geography.sql: a country's ISO alpha-3 code, an ISO 3166-2
-- subdivision, EIA's code for a US balancing authority, else ELECTRICITYMAPS_<zone key>).
-- Percentages become 0-1 shares.
with zones as (
    select * from {{ source('electricitymaps', 'zone_yearly') }}
),

{{ electricitymaps_geography_ctes() }}

select
    {{ electricitymaps_geography_code('zones.zone_key') }} as geography_code,
    zones.zone_key,
    zones.zone_name as publisher_geography_name,
    cast(zones.year as {{ dbt.type_int() }}) as year,
    zones.carbon_intensity_gco2e_per_kwh,
    zones.carbon_intensity_unit,
    zones.renewable_pct * {{ unit_factor('%', 'frac') }} as renewable_share_frac,
    zones.carbon_free_pct * {{ unit_factor('%', 'frac') }} as low_carbon_share_frac,
    zones.renewable_unit,
    zones.carbon_free_unit,
    {{ source_id('electricitymaps', 'zone_yearly') }} as source_id
from zones
{{ electricitymaps_geography_joins('zones.zone_key') }}
