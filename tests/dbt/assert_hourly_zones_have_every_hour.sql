-- Every Electricity Maps hourly zone has every hour of its year once: 8,760 (8,784 in a leap
-- year) distinct hour-beginning stamps from 1 January 00:00 to 31 December 23:00 UTC. A lost
-- or doubled hour would bias the flat-load mean and the 100 MW emissions. Returns the zones
-- and years that do not.
with hours as (
    select
        geography_code,
        cast(extract(year from datetime_utc) as {{ dbt.type_int() }}) as year,
        datetime_utc
    from {{ ref('stg_electricitymaps_hourly__zone_hourly') }}
),

years as (
    select
        geography_code,
        year,
        count(*) as hours_count,
        count(distinct datetime_utc) as distinct_hours_count,
        min(datetime_utc) as first_hour,
        max(datetime_utc) as last_hour
    from hours
    group by geography_code, year
)

select *
from years
where
    hours_count <> {{ hours_in_year('year') }}
    or distinct_hours_count <> hours_count
    or extract(month from first_hour) <> 1
    or extract(day from first_hour) <> 1
    or extract(hour from first_hour) <> 0
    or extract(month from last_hour) <> 12
    or extract(day from last_hour) <> 31
    or extract(hour from last_hour) <> 23
