-- CodeCarbon's cloud table: Google Cloud regions only, one intensity each. CodeCarbon states
-- no year; its values are Google's 2023 file (checked by
-- assert_codecarbon_cloud_is_google_2023), so the rows are dated 2023.
with regions as (
    select * from {{ source('codecarbon', 'cloud_region_intensity') }}
),

named as (
    select
        case provider when 'gcp' then 'Google Cloud' end as cloud_provider,
        -- CodeCarbon misspells one region id: Google's is me-central1 (Doha)
        case region when 'me-cenrtal1' then 'me-central1' else region end as cloud_region,
        region as publisher_region,
        country_code as publisher_country_code,
        city as publisher_city,
        offset_ratio_pct,
        carbon_intensity_gco2e_per_kwh as grid_carbon_intensity_gco2e_per_kwh,
        source_url
    from regions
)

select
    named.cloud_provider,
    named.cloud_region,
    cloud_regions.geography_code,
    cast(2023 as {{ dbt.type_int() }}) as year,
    named.publisher_region,
    named.publisher_country_code,
    named.publisher_city,
    named.offset_ratio_pct,
    named.grid_carbon_intensity_gco2e_per_kwh,
    'average_operational' as method,
    named.source_url,
    {{ source_id('codecarbon', 'cloud_region_intensity') }} as source_id
from named
{{ cloud_region_geography('named.cloud_provider', 'named.cloud_region') }}
