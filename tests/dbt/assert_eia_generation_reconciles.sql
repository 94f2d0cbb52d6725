-- EIA's US generation tables agree with themselves and each other, in the years the marts
-- use (from 2000). Returns what disagrees:
-- 1. The components add up to the published total: exactly in the Electric Power Annual and
--    the EIA API (tolerance 0.01 %, rounding), and short of it in the Monthly Energy Review by
--    the 'sources not shown' (0.1-0.5 % since 2000; more than 1 % short, or any overshoot
--    beyond rounding, is a mapping error).
-- 2. A year's total equals its twelve months (0.1 %: the largest gap found is 0.04 %).
-- 3. The Electric Power Annual and the Monthly Energy Review give the same US total in the
--    years both cover (0.5 %: identical to 1e-6 in 2014-2022, 0.12 % apart in 2023, which
--    the later Annual revised).
with periods as (
    select
        source_id,
        geography_code,
        year,
        coalesce(month, 0) as month,
        published_fuel,
        fuel_role,
        generation_twh
    from {{ ref('stg_eia_epa__net_generation') }}
    union all
    select
        source_id,
        geography_code,
        year,
        coalesce(month, 0) as month,
        published_fuel,
        fuel_role,
        generation_twh
    from {{ ref('stg_eia_mer__net_generation') }}
    union all
    select
        source_id,
        geography_code,
        year,
        0 as month,
        published_fuel,
        fuel_role,
        generation_twh
    from {{ ref('stg_eia_api__state_generation_yearly') }}
    where sector_id = '99'
),

used_periods as (
    select * from periods
    where year >= 2000
),

totals as (
    select
        source_id,
        geography_code,
        year,
        month,
        max(case when fuel_role = 'total' then generation_twh end) as total_twh,
        sum(case when fuel_role = 'component' then generation_twh end) as components_twh
    from used_periods
    group by source_id, geography_code, year, month
),

components_vs_total as (
    select
        'components vs published total' as check_name,
        source_id,
        geography_code,
        year,
        month,
        components_twh as value_twh,
        total_twh as expected_twh
    from totals
    where
        total_twh is not null
        and (
            components_twh > total_twh * 1.0001
            or components_twh < total_twh * case
                when source_id = {{ source_id('eia_mer', 'net_generation') }} then 0.99
                else 0.9999
            end
        )
),

months as (
    select
        source_id,
        published_fuel,
        year,
        sum(generation_twh) as generation_twh
    from used_periods
    where month > 0
    group by source_id, published_fuel, year
    having count(generation_twh) = 12
),

year_vs_months as (
    select
        'year vs its months' as check_name,
        used_periods.source_id,
        used_periods.geography_code,
        used_periods.year,
        0 as month,
        months.generation_twh as value_twh,
        used_periods.generation_twh as expected_twh
    from used_periods
    inner join months
        on
            used_periods.source_id = months.source_id
            and used_periods.published_fuel = months.published_fuel
            and used_periods.year = months.year
    where
        used_periods.month = 0
        and abs(months.generation_twh - used_periods.generation_twh)
        > 0.001 * abs(used_periods.generation_twh) + 1e-6
),

annual_vs_mer as (
    select
        'Electric Power Annual vs Monthly Energy Review' as check_name,
        annual.source_id,
        annual.geography_code,
        annual.year,
        0 as month,
        annual.total_twh as value_twh,
        mer.total_twh as expected_twh
    from totals as annual
    inner join totals as mer
        on annual.year = mer.year and annual.month = mer.month
    where
        annual.source_id = {{ source_id('eia_epa', 'net_generation') }}
        and mer.source_id = {{ source_id('eia_mer', 'net_generation') }}
        and annual.month = 0
        and abs(annual.total_twh / mer.total_twh - 1) > 0.005
)

select * from components_vs_total
union all
select * from year_vs_months
union all
select * from annual_vs_mer
