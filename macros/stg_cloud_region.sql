{#- A cloud source's rows with the region's place (seeds/cloud_regions.csv): geography_code
    (a country, US state or Chinese province) and its country. A region missing from the seed
    gets a null geography_code, which the staging model's not_null test stops. -#}
{% macro cloud_region_geography(provider_sql, region_sql) -%}
    left join {{ ref('cloud_regions') }} as cloud_regions
        on
            {{ provider_sql }} = cloud_regions.cloud_provider
            and {{ region_sql }} = cloud_regions.cloud_region
{%- endmacro %}


{#- GSF's reported and projected region files share one layout: the same staging for both.
    The grid zone (Electricity Maps' zone id) is the grid GSF read its intensities for; its
    country is checked against the region's, since GSF's rows sometimes carry another
    region's zone (Google europe-north1 in 2019: AU-VIC). -#}
{% macro stg_gsf_cloud_region(table_name, is_projection) -%}
with regions as (
    select * from {{ source('gsf', table_name) }}
),

countries as (
    select
        geography_code,
        geography_type,
        parent_code,
        iso2_code
    from {{ ref('geography_iso3166') }}
)

select
    regions.cloud_provider,
    regions.cloud_region,
    cloud_regions.geography_code,
    cast(regions.year as {{ dbt.type_int() }}) as year,
    regions.location as publisher_location,
    regions.cfe_region,
    regions.em_zone_id as grid_zone,
    regions.wt_region_id as marginal_grid_region,
    zone_countries.geography_code = case
        when region_places.geography_type = 'subdivision' then region_places.parent_code
        else region_places.geography_code
    end as grid_zone_matches_region,
    regions.provider_cfe_hourly_frac,
    regions.provider_cfe_annual_frac,
    regions.pue_ratio,
    regions.wue_l_per_kwh,
    regions.provider_carbon_intensity_market_annual_gco2e_per_kwh,
    regions.provider_carbon_intensity_average_consumption_hourly_gco2e_per_kwh,
    regions.grid_carbon_intensity_average_consumption_annual_gco2e_per_kwh,
    regions.grid_carbon_intensity_average_production_annual_gco2e_per_kwh,
    regions.grid_carbon_intensity_marginal_consumption_annual_gco2e_per_kwh,
    regions.sci_grid_carbon_intensity_gco2e_per_kwh,
    {{ is_projection }} as is_projection,
    {{ source_id('gsf', table_name) }} as source_id
from regions
{{ cloud_region_geography('regions.cloud_provider', 'regions.cloud_region') }}
left join countries as region_places
    on cloud_regions.geography_code = region_places.geography_code
left join countries as zone_countries
    on
        upper(substring(regions.em_zone_id, 1, 2)) = zone_countries.iso2_code
        and zone_countries.geography_type = 'country'
{%- endmacro %}
