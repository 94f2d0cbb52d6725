-- The Lower 48's hourly carbon intensity: EIA-930 net generation by fuel times the per-fuel
-- emission factors (seeds/emission_factors.csv: IPCC AR5 lifecycle medians and direct
-- combustion factors), one row per hour (hour-beginning UTC). Every fuel of EIA-930 has a
-- factor in both scopes (tests/dbt/assert_every_fuel_has_both_emission_factors.sql).
with generation as (
    select * from {{ ref('stg_eia930_usgrid__us48_generation_hourly') }}
),

factors as (
    select
        fuel,
        max(case when scope = 'lifecycle' then emission_factor_gco2e_per_kwh end)
            as lifecycle_gco2e_per_kwh,
        max(case when scope = 'direct' then emission_factor_gco2e_per_kwh end)
            as direct_gco2e_per_kwh
    from {{ ref('emission_factors') }}
    group by fuel
),

fuels as (
    select
        fuel,
        is_low_carbon
    from {{ ref('fuels') }}
)

select
    generation.geography_code,
    generation.datetime_utc,
    {{ exact_sum('generation.net_generation_mwh') }} as generation_mwh,
    {{ exact_sum('generation.net_generation_mwh * factors.lifecycle_gco2e_per_kwh') }}
    / {{ exact_sum('generation.net_generation_mwh') }} as carbon_intensity_lifecycle_gco2e_per_kwh,
    {{ exact_sum('generation.net_generation_mwh * factors.direct_gco2e_per_kwh') }}
    / {{ exact_sum('generation.net_generation_mwh') }} as carbon_intensity_direct_gco2e_per_kwh,
    {{ exact_sum('case when fuels.is_low_carbon then generation.net_generation_mwh else 0 end') }}
    / {{ exact_sum('generation.net_generation_mwh') }} as low_carbon_share_frac,
    count(*) as fuels_count,
    generation.source_id
from generation
inner join factors on generation.fuel = factors.fuel
inner join fuels on generation.fuel = fuels.fuel
group by generation.geography_code, generation.datetime_utc, generation.source_id
