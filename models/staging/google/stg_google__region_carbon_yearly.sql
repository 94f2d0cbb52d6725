-- Google's yearly region carbon data with each region's place. Google changed the
-- intensity's method in 2021 (lifecycle before, the grid's average operational emissions
-- after): `method` names it so a series never mixes the two.
with regions as (
    select * from {{ source('google', 'region_carbon_yearly') }}
)

select
    'Google Cloud' as cloud_provider,
    regions.cloud_region,
    cloud_regions.geography_code,
    cast(regions.year as {{ dbt.type_int() }}) as year,
    regions.location as publisher_location,
    regions.google_cfe_frac as provider_cfe_hourly_frac,
    regions.grid_carbon_intensity_gco2e_per_kwh,
    case regions.method
        when 'lifecycle' then 'average_lifecycle'
        when 'operational' then 'average_operational'
    end as method,
    {{ source_id('google', 'region_carbon_yearly') }} as source_id
from regions
{{ cloud_region_geography("'Google Cloud'", 'regions.cloud_region') }}
