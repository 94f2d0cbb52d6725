-- Ruggles & Farnham's cleaned EIA-930 hourly demand, one row per region and hour. EIA-930
-- stamps each hour at its end; the warehouse stamps hours at their start, so every stamp moves
-- back one hour (2020-01-01 01:00 hour-ending is the hour beginning 2020-01-01 00:00). Regions
-- become geography codes: CONUS and the interconnections through the aliases seed, BAs and
-- PJM-DOM keep EIA's code.
with demand as (
    select * from {{ source('eia930_ruggles', 'demand_hourly') }}
)

select
    coalesce(aliases.geography_code, demand.region_code) as geography_code,
    demand.region_code as publisher_region_code,
    {{ dbt.dateadd('hour', -1, 'demand.datetime_utc') }} as datetime_utc,
    demand.raw_demand_mw,
    demand.cleaned_demand_mw,
    demand.category as screening_category,
    -- the cleaned value is not EIA's: a BA's hour failed screening, or (for CONUS and the
    -- interconnections, sums of BAs) at least one of its BAs' hours was replaced
    coalesce(
        demand.category <> 'OKAY',
        demand.raw_demand_mw is null or demand.raw_demand_mw <> demand.cleaned_demand_mw
    ) as is_imputed,
    {{ source_id('eia930_ruggles', 'demand_hourly') }} as source_id
from demand
{{ join_geography_alias('demand.region_code', 'eia930_ruggles') }}
