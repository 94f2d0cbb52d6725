-- Grid carbon intensity where the cloud runs: one row per provider, region, year, source,
-- grid zone and method. Each source's intensities keep their method, so a series (provider,
-- region, source, method) never mixes averages with marginal or lifecycle figures. The
-- provider's carbon-free share and PUE ride along on each of the source's rows; a source-year
-- with those but no grid intensity has one row with method 'not_published'.
{%- set gsf_methods = {
    'average_consumption': 'grid_carbon_intensity_average_consumption_annual_gco2e_per_kwh',
    'average_production': 'grid_carbon_intensity_average_production_annual_gco2e_per_kwh',
    'marginal': 'grid_carbon_intensity_marginal_consumption_annual_gco2e_per_kwh',
} %}
with single_method_sources as (
    select
        cloud_provider,
        cloud_region,
        geography_code,
        year,
        source_id,
        method,
        grid_carbon_intensity_gco2e_per_kwh,
        provider_cfe_hourly_frac
    from {{ ref('stg_google__region_carbon_yearly') }}
    union all
    select
        cloud_provider,
        cloud_region,
        geography_code,
        year,
        source_id,
        method,
        grid_carbon_intensity_gco2e_per_kwh,
        cast(null as {{ dbt.type_float() }}) as provider_cfe_hourly_frac
    from {{ ref('stg_codecarbon__cloud_region_intensity') }}
),

-- Google's and CodeCarbon's rows: one intensity each, no grid zone, no PUE
single_method_rows as (
    select
        cloud_provider,
        cloud_region,
        geography_code,
        year,
        source_id,
        method,
        cast(null as {{ dbt.type_string() }}) as grid_zone,
        cast(null as boolean) as grid_zone_matches_region,
        false as is_projection,
        grid_carbon_intensity_gco2e_per_kwh,
        provider_cfe_hourly_frac,
        cast(null as {{ dbt.type_float() }}) as provider_cfe_annual_frac,
        cast(null as {{ dbt.type_float() }}) as pue_ratio
    from single_method_sources
),

gsf as (
    select * from {{ ref('stg_gsf__cloud_region_yearly') }}
    union all
    select * from {{ ref('stg_gsf__cloud_region_yearly_estimate') }}
),

gsf_methods as (
    {%- for method, column in gsf_methods.items() %}
        select
            gsf.*,
            '{{ method }}' as method,
            {{ column }} as grid_carbon_intensity_gco2e_per_kwh
        from gsf
        where {{ column }} is not null
        union all
    {%- endfor %}
    select
        gsf.*,
        'not_published' as method,
        cast(null as {{ dbt.type_float() }}) as grid_carbon_intensity_gco2e_per_kwh
    from gsf
    where coalesce({{ gsf_methods.values() | join(', ') }}) is null
),

gsf_rows as (
    select
        cloud_provider,
        cloud_region,
        geography_code,
        year,
        source_id,
        method,
        grid_zone,
        grid_zone_matches_region,
        is_projection,
        grid_carbon_intensity_gco2e_per_kwh,
        provider_cfe_hourly_frac,
        provider_cfe_annual_frac,
        pue_ratio
    from gsf_methods
)

select * from single_method_rows
union all
select * from gsf_rows
