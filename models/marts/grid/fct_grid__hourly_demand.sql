-- EIA-930 hourly demand as Ruggles & Farnham cleaned it, one row per region and hour
-- (hour-beginning UTC: staging moved EIA's hour-ending stamps back one hour).
select
    geography_code,
    datetime_utc,
    raw_demand_mw,
    cleaned_demand_mw,
    screening_category,
    is_imputed,
    source_id
from {{ ref('stg_eia930_ruggles__demand_hourly') }}
