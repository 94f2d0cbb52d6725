-- Every yearly grid carbon-intensity series in one shape, one row per geography, year,
-- source and method: Ember's countries and aggregates, Ember's US states, the EIA-based US
-- and state figures (generation by fuel x the emission factors, lifecycle and direct: the
-- direct ones say generic_factors), the measured direct rates (EIA's power-sector CO2 over
-- its generation; eGRID2022's subregions, eGRID2023's states), OWID's 2022 figures where
-- Ember's current data has none, and Electricity Maps' zones.
with ember_countries as (
    select
        geography_code,
        year,
        source_id,
        'lifecycle_production' as method,
        demand_twh,
        cast(null as {{ dbt.type_float() }}) as generation_twh,
        carbon_intensity_gco2e_per_kwh,
        cast(null as {{ dbt.type_float() }}) as low_carbon_share_frac
    from {{ ref('stg_ember__country_yearly') }}
    where carbon_intensity_gco2e_per_kwh is not null
),

fuel_mix as (
    select * from {{ ref('int_grid__yearly_fuel_mix_intensity') }}
),

-- Ember's published state intensity; the low-carbon share from its generation by fuel
ember_states as (
    select
        states.geography_code,
        states.year,
        states.source_id,
        'lifecycle_production' as method,
        cast(null as {{ dbt.type_float() }}) as demand_twh,
        states.generation_twh,
        states.carbon_intensity_gco2e_per_kwh,
        fuel_mix.low_carbon_share_frac
    from {{ ref('stg_ember__us_state_yearly') }} as states
    left join fuel_mix
        on
            states.geography_code = fuel_mix.geography_code
            and states.year = fuel_mix.year
            and fuel_mix.source_id = {{ source_id('ember', 'us_state_generation_yearly') }}
            and fuel_mix.scope = 'lifecycle'
    where states.carbon_intensity_gco2e_per_kwh is not null
),

eia as (
    select
        geography_code,
        year,
        source_id,
        case
            when scope = 'direct' then 'direct_production_generic_factors'
            else 'lifecycle_production'
        end as method,
        cast(null as {{ dbt.type_float() }}) as demand_twh,
        generation_twh,
        carbon_intensity_gco2e_per_kwh,
        low_carbon_share_frac
    from fuel_mix
    where source_id in (
        {{ source_id('eia_epa', 'net_generation') }},
        {{ source_id('eia_mer', 'net_generation') }},
        {{ source_id('eia_api', 'state_generation_yearly') }}
    )
),

owid_pivoted as (
    select
        geography_code,
        year,
        source_id,
        max(case when variable = 'Electricity demand (TWh)' then value end) as demand_twh,
        max(case when variable = 'Electricity generation (TWh)' then value end)
            as generation_twh,
        max(case when variable = 'Carbon intensity of electricity (gCO2/kWh)' then value end)
            as carbon_intensity_gco2e_per_kwh,
        max(case when variable = 'Low-carbon electricity (% electricity)' then value end)
        * {{ unit_factor('%', 'frac') }} as low_carbon_share_frac
    from {{ ref('stg_owid__electricity_mix_yearly') }}
    group by geography_code, year, source_id
),

owid as (
    select
        owid_pivoted.geography_code,
        owid_pivoted.year,
        owid_pivoted.source_id,
        'lifecycle_production' as method,
        owid_pivoted.demand_twh,
        owid_pivoted.generation_twh,
        owid_pivoted.carbon_intensity_gco2e_per_kwh,
        owid_pivoted.low_carbon_share_frac
    from owid_pivoted
    left join ember_countries
        on
            owid_pivoted.geography_code = ember_countries.geography_code
            and owid_pivoted.year = ember_countries.year
    where
        owid_pivoted.carbon_intensity_gco2e_per_kwh is not null
        and ember_countries.geography_code is null
),

-- EIA's measured CO2 of the power sector (Table 11.6) over the same Review's generation of
-- all sectors (Table 7.2a): the rate EIA states (0.81 lb/kWh, about 367 g/kWh, in 2023)
eia_measured as (
    select
        co2.geography_code,
        co2.year,
        co2.source_id,
        'direct_production' as method,
        cast(null as {{ dbt.type_float() }}) as demand_twh,
        generation.generation_twh,
        co2.co2_mtco2 / generation.generation_twh * {{ unit_factor('Mt/TWh', 'g/kWh') }}
            as carbon_intensity_gco2e_per_kwh,
        cast(null as {{ dbt.type_float() }}) as low_carbon_share_frac
    from {{ ref('stg_eia_mer_co2__power_sector_co2') }} as co2
    inner join {{ ref('stg_eia_mer__net_generation') }} as generation
        on
            co2.year = generation.year
            and generation.period_type = 'annual'
            and generation.fuel_role = 'total'
    where
        co2.period_type = 'annual'
        and co2.fuel = 'total'
        and co2.co2_mtco2 is not null
        and co2.year >= 2000  -- the mart's span, as the other series
),

egrid as (
    select
        geography_code,
        year,
        source_id,
        'direct_production' as method,
        cast(null as {{ dbt.type_float() }}) as demand_twh,
        cast(null as {{ dbt.type_float() }}) as generation_twh,
        carbon_intensity_gco2_per_kwh as carbon_intensity_gco2e_per_kwh,
        cast(null as {{ dbt.type_float() }}) as low_carbon_share_frac
    from {{ ref('stg_egrid__subregion_co2_rates') }}
),

-- eGRID2023's state and US rates (CO2e over total output), as CodeCarbon ships them
egrid_states as (
    select
        geography_code,
        year,
        source_id,
        'direct_production' as method,
        cast(null as {{ dbt.type_float() }}) as demand_twh,
        cast(null as {{ dbt.type_float() }}) as generation_twh,
        carbon_intensity_gco2e_per_kwh,
        cast(null as {{ dbt.type_float() }}) as low_carbon_share_frac
    from {{ ref('stg_codecarbon__us_state_emission_rates') }}
),

electricitymaps as (
    select
        geography_code,
        year,
        source_id,
        'lifecycle_consumption' as method,
        cast(null as {{ dbt.type_float() }}) as demand_twh,
        cast(null as {{ dbt.type_float() }}) as generation_twh,
        carbon_intensity_gco2e_per_kwh,
        low_carbon_share_frac
    from {{ ref('stg_electricitymaps__zone_yearly') }}
)

select * from ember_countries
union all
select * from ember_states
union all
select * from eia
union all
select * from owid
union all
select * from eia_measured
union all
select * from egrid
union all
select * from egrid_states
union all
select * from electricitymaps
