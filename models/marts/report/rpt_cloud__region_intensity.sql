-- The report's cloud chart: the grid intensity of each cloud region in the latest year each
-- provider publishes an average (not marginal) figure for, one series per provider and method.
with latest as (
    select
        cloud_provider,
        method,
        max(year) as year
    from {{ ref('fct_cloud__yearly_region_intensity') }}
    where
        method like 'average%' and not is_projection
        and grid_carbon_intensity_gco2e_per_kwh is not null
    group by cloud_provider, method
)

select
    f.cloud_provider,
    f.method,
    f.year,
    {{ dbt.concat(["f.cloud_provider", "', '", "f.method", "' '",
                   "cast(f.year as " ~ dbt.type_string() ~ ")"]) }} as series,
    f.cloud_region,
    f.grid_zone,
    f.geography_code,
    f.grid_carbon_intensity_gco2e_per_kwh,
    f.source_id
from {{ ref('fct_cloud__yearly_region_intensity') }} as f
inner join latest as l
    on f.cloud_provider = l.cloud_provider and f.method = l.method and f.year = l.year
where not f.is_projection and f.grid_carbon_intensity_gco2e_per_kwh is not null
