-- How each Electricity Maps zone's carbon intensity moves by month and hour of day (UTC),
-- against what a flat 24/7 load draws over the year and against the zone's published yearly
-- average, both from fct_grid__yearly_flat_load_emissions. A flat load draws the same energy
-- every hour, so it emits the plain mean of the hourly intensities; Electricity Maps' yearly
-- figure (its yearly dataset, life-cycle only) weights the hours by consumption. Another
-- publisher and method than the US48 profile (fct_grid__hourly_intensity_profile, EIA-930
-- generation x emission factors), which is left as it is.
with hours as (
    select
        geography_code,
        source_id,
        cast(extract(year from datetime_utc) as {{ dbt.type_int() }}) as year,
        cast(extract(month from datetime_utc) as {{ dbt.type_int() }}) as month,
        cast(extract(hour from datetime_utc) as {{ dbt.type_int() }}) as hour_of_day_utc,
        carbon_intensity_lifecycle_gco2e_per_kwh,
        carbon_intensity_direct_gco2e_per_kwh,
        is_estimated
    from {{ ref('stg_electricitymaps_hourly__zone_hourly') }}
),

cells as (
    select
        geography_code,
        year,
        month,
        hour_of_day_utc,
        source_id,
        count(*) as hours_count,
        count(case when is_estimated then 1 end) as estimated_hours_count,
        avg(carbon_intensity_lifecycle_gco2e_per_kwh) as lifecycle_gco2e_per_kwh,
        avg(carbon_intensity_direct_gco2e_per_kwh) as direct_gco2e_per_kwh
    from hours
    group by geography_code, year, month, hour_of_day_utc, source_id
),

years as (
    select * from {{ ref('fct_grid__yearly_flat_load_emissions') }}
)

select
    cells.geography_code,
    cells.year,
    cells.month,
    cells.hour_of_day_utc,
    cells.hours_count,
    cells.estimated_hours_count,
    round(cells.lifecycle_gco2e_per_kwh, 3) as carbon_intensity_lifecycle_gco2e_per_kwh,
    round(cells.direct_gco2e_per_kwh, 3) as carbon_intensity_direct_gco2e_per_kwh,
    round(
        cells.lifecycle_gco2e_per_kwh / years.flat_load_carbon_intensity_lifecycle_gco2e_per_kwh
        - 1,
        5
    ) as lifecycle_vs_flat_load_frac,
    round(
        cells.direct_gco2e_per_kwh / years.flat_load_carbon_intensity_direct_gco2e_per_kwh - 1, 5
    ) as direct_vs_flat_load_frac,
    years.flat_load_carbon_intensity_lifecycle_gco2e_per_kwh,
    years.flat_load_carbon_intensity_direct_gco2e_per_kwh,
    years.yearly_carbon_intensity_lifecycle_gco2e_per_kwh,
    round(
        cells.lifecycle_gco2e_per_kwh / years.yearly_carbon_intensity_lifecycle_gco2e_per_kwh
        - 1,
        5
    ) as lifecycle_vs_yearly_frac,
    years.flat_load_to_yearly_ratio,
    years.is_full_year,
    cells.source_id,
    years.yearly_source_id
from cells
inner join years
    on
        cells.geography_code = years.geography_code
        and cells.year = years.year
        and cells.source_id = years.source_id
