-- Yearly generation, low-carbon share and carbon intensity computed from generation by fuel
-- x the per-fuel emission factors (seeds/emission_factors.csv), one row per source,
-- geography, year and scope (lifecycle: IPCC AR5 medians; direct: combustion only).
-- EIA's 'Renewable Sources Excluding Hydroelectric and Solar' (fuel wind_biomass_geothermal)
-- takes the factor of the three fuels' mix in EIA's Monthly Energy Review that year (or the
-- latest year before it that the Review has: 2023 for 2024).
with generation as (
    select * from {{ ref('int_grid__yearly_generation_by_fuel') }}
),

factors as (
    select
        fuel,
        scope,
        emission_factor_gco2e_per_kwh
    from {{ ref('emission_factors') }}
),

mer_mix as (
    select
        generation.year,
        factors.scope,
        {{ exact_sum('generation.generation_twh * factors.emission_factor_gco2e_per_kwh') }}
        / {{ exact_sum('generation.generation_twh') }} as emission_factor_gco2e_per_kwh
    from generation
    inner join factors on generation.fuel = factors.fuel
    where
        generation.source_id = {{ source_id('eia_mer', 'net_generation') }}
        and generation.fuel in ('wind', 'biomass', 'geothermal')
    group by generation.year, factors.scope
),

mixed_years as (
    select distinct year
    from generation
    where fuel = 'wind_biomass_geothermal'
),

mer_years as (
    select distinct year from mer_mix
),

mer_mix_years as (
    select
        mixed_years.year,
        max(mer_years.year) as mer_year
    from mixed_years
    inner join mer_years
        on mixed_years.year >= mer_years.year
    group by mixed_years.year
),

scopes as (
    select distinct scope from factors
),

weighted as (
    select
        generation.source_id,
        generation.geography_code,
        generation.year,
        scopes.scope,
        generation.fuel,
        generation.generation_twh,
        coalesce(factors.emission_factor_gco2e_per_kwh, mer_mix.emission_factor_gco2e_per_kwh)
            as emission_factor_gco2e_per_kwh
    from generation
    cross join scopes
    left join factors
        on generation.fuel = factors.fuel and scopes.scope = factors.scope
    left join mer_mix_years
        on generation.fuel = 'wind_biomass_geothermal' and generation.year = mer_mix_years.year
    left join mer_mix
        on mer_mix_years.mer_year = mer_mix.year and scopes.scope = mer_mix.scope
),

low_carbon as (
    select
        fuel,
        is_low_carbon
    from {{ ref('fuels') }}
)

select
    weighted.source_id,
    weighted.geography_code,
    weighted.year,
    weighted.scope,
    {{ exact_sum('weighted.generation_twh') }} as generation_twh,
    {{ exact_sum('case when low_carbon.is_low_carbon then weighted.generation_twh else 0 end') }}
    / {{ exact_sum('weighted.generation_twh') }} as low_carbon_share_frac,
    {{ exact_sum('weighted.generation_twh * weighted.emission_factor_gco2e_per_kwh') }}
    / {{ exact_sum('weighted.generation_twh') }} as carbon_intensity_gco2e_per_kwh,
    -- a fuel without a factor must stop the build (tested), not shrink the intensity
    count(*) - count(weighted.emission_factor_gco2e_per_kwh) as fuels_without_factor_count
from weighted
left join low_carbon on weighted.fuel = low_carbon.fuel
where weighted.year >= 2000
group by weighted.source_id, weighted.geography_code, weighted.year, weighted.scope
