-- The IEA's Energy and AI data annex, one row per sheet, region, data-centre type, year and
-- scenario, its measures as columns in the warehouse's units: the load factor from % to a
-- fraction (unit_conversions seed), scenario names mapped by seeds/dc_scenario_names.csv.
-- A region or scenario name without a mapping stays null, for a test to stop.
with annex as (
    select * from {{ source('iea', 'energy_ai_annex') }}
),

pivoted as (
    select
        sheet,
        region,
        data_centre_type,
        year,
        scenario,
        is_exploratory,
        max(case when measure = 'electricity_consumption' then value end)
            as electricity_twh,
        max(case when measure = 'electricity_consumption_it' then value end)
            as electricity_it_twh,
        max(case when measure = 'installed_capacity' then value end)
            as installed_capacity_gw,
        max(case when measure = 'installed_capacity_it' then value end)
            as installed_capacity_it_gw,
        max(case when measure = 'load_factor' then value end) as load_factor_pct,
        max(case when measure = 'power_usage_effectiveness' then value end) as pue_ratio
    from annex
    group by sheet, region, data_centre_type, year, scenario, is_exploratory
),

aliases as (
    select
        alias,
        geography_code
    from {{ ref('geography_aliases') }}
    where publisher = 'iea'
),

scenarios as (
    select * from {{ ref('dc_scenario_names') }}
)

select
    aliases.geography_code,
    pivoted.region as publisher_geography_name,
    pivoted.sheet,
    pivoted.data_centre_type,
    cast(pivoted.year as {{ dbt.type_int() }}) as year,
    case
        when pivoted.scenario = 'historical' then 'historical' else scenarios.scenario
    end as scenario,
    pivoted.is_exploratory,
    pivoted.electricity_twh,
    pivoted.electricity_it_twh,
    pivoted.installed_capacity_gw,
    pivoted.installed_capacity_it_gw,
    pivoted.load_factor_pct * {{ unit_factor('%', 'frac') }} as load_factor_frac,
    pivoted.pue_ratio,
    {{ source_id('iea', 'energy_ai_annex') }} as source_id
from pivoted
left join aliases
    on pivoted.region = aliases.alias
left join scenarios
    on pivoted.scenario = scenarios.scenario_published
