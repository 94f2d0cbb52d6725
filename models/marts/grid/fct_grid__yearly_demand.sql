-- Hourly demand rolled up to calendar years (UTC) per region: energy, average and peak load,
-- load factor and growth. Only years the series covers to 99 % of their hours: the shift to
-- hour-beginning stamps moves the series' first hour into the year before and leaves its last
-- year one hour short.
with hourly as (
    select * from {{ ref('fct_grid__hourly_demand') }}
),

years as (
    select
        geography_code,
        cast(extract(year from datetime_utc) as {{ dbt.type_int() }}) as year,
        source_id,
        count(*) as hours_count,
        count(case when is_imputed then 1 end) as imputed_hours_count,
        -- an hour's mean load in MW is its energy in MWh
        sum(cleaned_demand_mw) * {{ unit_factor('MWh', 'TWh') }} as demand_twh,
        avg(cleaned_demand_mw) as average_demand_mw,
        max(cleaned_demand_mw) as peak_demand_mw
    from hourly
    group by geography_code, cast(extract(year from datetime_utc) as {{ dbt.type_int() }}), source_id
),

full_years as (
    select
        years.*,
        case
            when mod(year, 4) = 0 and (mod(year, 100) <> 0 or mod(year, 400) = 0) then 8784
            else 8760
        end as hours_in_year
    from years
),

covered as (
    select * from full_years where hours_count >= 0.99 * hours_in_year
)

select
    geography_code,
    year,
    demand_twh,
    average_demand_mw,
    peak_demand_mw,
    average_demand_mw / peak_demand_mw as load_factor_frac,
    -- growth of the average load, so a leap day is not growth
    case
        when lag(year) over (partition by geography_code order by year) = year - 1
            then average_demand_mw
            / lag(average_demand_mw) over (partition by geography_code order by year) - 1
    end as demand_growth_frac,
    hours_count,
    imputed_hours_count,
    source_id
from covered
