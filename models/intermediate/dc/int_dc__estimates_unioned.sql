-- Every published figure of data-centre (and AI, and crypto-mining) electricity in one shape:
-- the IEA annex (World from its World Data sheet, which has the data-centre types and every
-- scenario), Ireland's metered data-centre consumption (complete years of quarters summed),
-- the curated figures in TWh, and the curated growth rates and shares whose publication states
-- their base (seeds/dc_estimate_derivations.csv), turned into TWh.
-- Publisher and title as dim_source has them, from the registry's generated source meta:
-- not from the landing manifests, which every landing rewrites (tests/dbt/
-- assert_dc_estimates_cite_their_landed_source.sql checks that both agree).
with annex as (
    select
        annex.geography_code,
        annex.year,
        annex.source_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        {{ source_meta('iea', 'energy_ai_annex', 'publisher') }} as publisher,
        'IEA' as attributed_to,
        {{ source_meta('iea', 'energy_ai_annex', 'title') }} as publication,
        -- the IEA's data-product page gives this date; the workbook is dated 2025-06-13
        cast('2025-06-16' as date) as published_date,
        annex.scenario,
        case when annex.scenario = 'historical' then 'modelled_history' else 'projection' end
            as estimate_kind,
        'data_centres' as scope,
        annex.data_centre_type,
        cast(null as {{ dbt.type_float() }}) as electricity_low_twh,
        annex.electricity_twh,
        cast(null as {{ dbt.type_float() }}) as electricity_high_twh,
        annex.electricity_it_twh,
        annex.installed_capacity_gw,
        annex.installed_capacity_it_gw,
        annex.load_factor_frac,
        annex.pue_ratio,
        annex.is_exploratory,
        cast(null as {{ dbt.type_string() }}) as derived_from_figure_id,
        cast(null as {{ dbt.type_string() }}) as derivation_method
    from {{ ref('stg_iea__energy_ai_annex') }} as annex
    where not (annex.geography_code = 'WORLD' and annex.sheet = 'Regional Data')
),

metered_years as (
    select
        geography_code,
        year,
        source_id,
        {{ exact_sum('electricity_gwh') }} / {{ unit_factor('TWh', 'GWh') }} as electricity_twh
    from {{ ref('stg_cso__mec02') }}
    where category = 'data_centres'
    group by geography_code, year, source_id
    having count(*) = 4  -- a year still being published is not a year's consumption
),

metered as (
    select
        metered_years.geography_code,
        metered_years.year,
        metered_years.source_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        {{ source_meta('cso', 'mec02', 'publisher') }} as publisher,
        'CSO' as attributed_to,
        {{ source_meta('cso', 'mec02', 'title') }} as publication,
        cast(null as date) as published_date,
        'historical' as scenario,
        'measured' as estimate_kind,
        'data_centres' as scope,
        'total' as data_centre_type,
        cast(null as {{ dbt.type_float() }}) as electricity_low_twh,
        metered_years.electricity_twh,
        cast(null as {{ dbt.type_float() }}) as electricity_high_twh,
        cast(null as {{ dbt.type_float() }}) as electricity_it_twh,
        cast(null as {{ dbt.type_float() }}) as installed_capacity_gw,
        cast(null as {{ dbt.type_float() }}) as installed_capacity_it_gw,
        cast(null as {{ dbt.type_float() }}) as load_factor_frac,
        cast(null as {{ dbt.type_float() }}) as pue_ratio,
        cast(null as boolean) as is_exploratory,
        cast(null as {{ dbt.type_string() }}) as derived_from_figure_id,
        cast(null as {{ dbt.type_string() }}) as derivation_method
    from metered_years
),

curated as (
    select * from {{ ref('stg_curated__dc_electricity_estimates') }}
),

derivations as (
    select * from {{ ref('dc_estimate_derivations') }}
),

-- A figure in TWh as published, or a rate or share times the base its publication states; each
-- keeps the scope its curated row gives (electricity demand, with no scope, is a denominator
-- and stays out).
curated_twh as (
    select
        curated.*,
        curated.value_low as electricity_low_twh,
        curated.value as electricity_twh,
        curated.value_high as electricity_high_twh,
        cast(null as {{ dbt.type_string() }}) as derived_from_figure_id,
        cast(null as {{ dbt.type_string() }}) as derivation_method
    from curated
    where curated.unit = 'TWh' and curated.scope is not null

    union all

    select
        curated.*,
        {%- for value, name in [
            ('value_low', 'electricity_low_twh'),
            ('value', 'electricity_twh'),
            ('value_high', 'electricity_high_twh'),
        ] %}
            {{ derived_twh(
                'derivations.method', 'curated.' ~ value, 'base.value', 'curated.year - base.year'
            ) }} as {{ name }},
        {%- endfor %}
        derivations.base_figure_id as derived_from_figure_id,
        derivations.method as derivation_method
    from curated
    inner join derivations
        on curated.figure_id = derivations.figure_id
    inner join curated as base
        on derivations.base_figure_id = base.figure_id
),

published as (
    select
        geography_code,
        year,
        source_id,
        figure_id,
        publisher,
        attributed_to,
        title as publication,
        published_date,
        scenario,
        -- a past year's figure whose basis is a meter (a statistics office's grid data) or the
        -- operators' own report (a regulator's survey) is measured, not modelled
        case
            when is_projection then 'projection'
            when scenario_published in ('measured', 'reported') then 'measured'
            else 'modelled_history'
        end as estimate_kind,
        scope,
        'total' as data_centre_type,
        electricity_low_twh,
        electricity_twh,
        electricity_high_twh,
        cast(null as {{ dbt.type_float() }}) as electricity_it_twh,
        cast(null as {{ dbt.type_float() }}) as installed_capacity_gw,
        cast(null as {{ dbt.type_float() }}) as installed_capacity_it_gw,
        cast(null as {{ dbt.type_float() }}) as load_factor_frac,
        cast(null as {{ dbt.type_float() }}) as pue_ratio,
        cast(null as boolean) as is_exploratory,
        derived_from_figure_id,
        derivation_method
    from curated_twh
)

select * from annex
union all
select * from metered
union all
select * from published
