-- Electricity Maps' hourly 2023 intensity, one row per zone and hour-beginning UTC hour, each
-- zone on the warehouse's geography code (macros/electricitymaps_geography.sql: FR -> FRA,
-- DE -> DEU, US-MIDA-PJM -> PJM, US-CAL-CISO -> CISO, IN-WE -> ELECTRICITYMAPS_IN-WE).
-- Percentages become 0-1 shares.
with hours as (
    select * from {{ source('electricitymaps_hourly', 'zone_hourly') }}
),

{{ electricitymaps_geography_ctes() }}

select
    {{ electricitymaps_geography_code('hours.zone_key') }} as geography_code,
    hours.zone_key,
    hours.zone_name as publisher_geography_name,
    hours.datetime_utc,
    hours.carbon_intensity_direct_gco2e_per_kwh,
    hours.carbon_intensity_lifecycle_gco2e_per_kwh,
    hours.low_carbon_pct * {{ unit_factor('%', 'frac') }} as low_carbon_share_frac,
    hours.renewable_pct * {{ unit_factor('%', 'frac') }} as renewable_share_frac,
    hours.data_source,
    hours.is_estimated,
    hours.estimation_method,
    {{ source_id('electricitymaps_hourly', 'zone_hourly') }} as source_id
from hours
{{ electricitymaps_geography_joins('hours.zone_key') }}
