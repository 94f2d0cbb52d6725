-- How the Lower 48's carbon intensity moves by hour of day and season, against the yearly
-- average a company report uses, for each year of the hourly series (is_full_year marks the
-- years it covers to 99 %; the others average the hours there are). Local time is US
-- Central Standard Time (UTC-6 all year, no daylight saving), the Lower 48's middle zone.
-- A flat 24/7 load draws the same energy every hour, so it emits the plain mean of the
-- hourly intensities; the yearly average weights each hour by the grid's generation.
with hourly as (
    select
        geography_code,
        source_id,
        {{ dbt.dateadd('hour', -6, 'datetime_utc') }} as datetime_cst,
        generation_mwh,
        carbon_intensity_lifecycle_gco2e_per_kwh,
        carbon_intensity_direct_gco2e_per_kwh
    from {{ ref('fct_grid__hourly_carbon_intensity') }}
),

local_hours as (
    select
        geography_code,
        source_id,
        cast(extract(year from datetime_cst) as {{ dbt.type_int() }}) as year,
        case
            when extract(month from datetime_cst) in (12, 1, 2) then 'winter'
            when extract(month from datetime_cst) in (3, 4, 5) then 'spring'
            when extract(month from datetime_cst) in (6, 7, 8) then 'summer'
            else 'autumn'
        end as season,
        cast(extract(hour from datetime_cst) as {{ dbt.type_int() }}) as hour_of_day_cst,
        generation_mwh,
        carbon_intensity_lifecycle_gco2e_per_kwh,
        carbon_intensity_direct_gco2e_per_kwh
    from hourly
),

years as (
    select
        geography_code,
        year,
        count(*) as hours_count,
        {{ exact_sum('generation_mwh * carbon_intensity_lifecycle_gco2e_per_kwh') }}
        / {{ exact_sum('generation_mwh') }}
            as yearly_carbon_intensity_lifecycle_gco2e_per_kwh,
        {{ exact_sum('generation_mwh * carbon_intensity_direct_gco2e_per_kwh') }}
        / {{ exact_sum('generation_mwh') }}
            as yearly_carbon_intensity_direct_gco2e_per_kwh,
        {{ exact_avg('carbon_intensity_lifecycle_gco2e_per_kwh') }}
            as flat_load_carbon_intensity_lifecycle_gco2e_per_kwh,
        {{ exact_avg('carbon_intensity_direct_gco2e_per_kwh') }}
            as flat_load_carbon_intensity_direct_gco2e_per_kwh
    from local_hours
    group by geography_code, year
),


cells as (
    select
        geography_code,
        year,
        season,
        hour_of_day_cst,
        source_id,
        count(*) as hours_count,
        {{ exact_avg('carbon_intensity_lifecycle_gco2e_per_kwh') }}
            as carbon_intensity_lifecycle_gco2e_per_kwh,
        {{ exact_avg('carbon_intensity_direct_gco2e_per_kwh') }}
            as carbon_intensity_direct_gco2e_per_kwh
    from local_hours
    group by geography_code, year, season, hour_of_day_cst, source_id
)

select
    cells.geography_code,
    cells.year,
    cells.season,
    cells.hour_of_day_cst,
    cells.hours_count,
    cells.carbon_intensity_lifecycle_gco2e_per_kwh,
    cells.carbon_intensity_direct_gco2e_per_kwh,
    cells.carbon_intensity_lifecycle_gco2e_per_kwh
    / years.yearly_carbon_intensity_lifecycle_gco2e_per_kwh
    - 1 as lifecycle_vs_yearly_frac,
    years.yearly_carbon_intensity_lifecycle_gco2e_per_kwh,
    years.yearly_carbon_intensity_direct_gco2e_per_kwh,
    years.flat_load_carbon_intensity_lifecycle_gco2e_per_kwh,
    years.flat_load_carbon_intensity_direct_gco2e_per_kwh,
    years.hours_count >= 0.99 * {{ hours_in_year('years.year') }} as is_full_year,
    cells.source_id
from cells
inner join years
    on cells.geography_code = years.geography_code and cells.year = years.year
