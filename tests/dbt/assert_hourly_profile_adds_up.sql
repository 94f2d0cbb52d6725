-- The profile's cells cover every hour of each year once: averaged with their hours as
-- weights they give back the flat-load intensity (the plain mean of the year's hours), and
-- their hours add up to the year's. Tolerance 1e-9 relative (float sums). Returns the years
-- that do not add up.
with cells as (
    select
        geography_code,
        year,
        sum(hours_count) as hours_count,
        sum(hours_count * carbon_intensity_lifecycle_gco2e_per_kwh) / sum(hours_count)
            as lifecycle_gco2e_per_kwh,
        max(flat_load_carbon_intensity_lifecycle_gco2e_per_kwh) as flat_load_gco2e_per_kwh
    from {{ ref('fct_grid__hourly_intensity_profile') }}
    group by geography_code, year
),

hours as (
    select
        geography_code,
        cast(
            extract(year from {{ dbt.dateadd('hour', -6, 'datetime_utc') }})
            as {{ dbt.type_int() }}
        ) as year,
        count(*) as hours_count
    from {{ ref('fct_grid__hourly_carbon_intensity') }}
    group by
        geography_code,
        cast(
            extract(year from {{ dbt.dateadd('hour', -6, 'datetime_utc') }})
            as {{ dbt.type_int() }}
        )
)

select
    cells.*,
    hours.hours_count as hours_in_hourly_mart
from cells
inner join hours on cells.geography_code = hours.geography_code and cells.year = hours.year
where
    cells.hours_count <> hours.hours_count
    or abs(cells.lifecycle_gco2e_per_kwh / cells.flat_load_gco2e_per_kwh - 1) > 1e-9
