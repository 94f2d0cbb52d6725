-- Hourly demand rolled up to calendar years (UTC) per region: energy, average and peak load,
-- load factor and growth. A year is full when the series covers 99 % of its hours (the shift
-- to hour-beginning stamps moves the series' first hour into the year before and leaves its
-- last year one hour short); growth compares consecutive full years only.
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
        {{ exact_sum('cleaned_demand_mw') }} * {{ unit_factor('MWh', 'TWh') }} as demand_twh,
        {{ exact_avg('cleaned_demand_mw') }} as average_demand_mw,
        max(cleaned_demand_mw) as peak_demand_mw
    from hourly
    group by
        geography_code, cast(extract(year from datetime_utc) as {{ dbt.type_int() }}), source_id
),

flagged as (
    select
        years.*,
        years.hours_count >= 0.99 * {{ hours_in_year('years.year') }} as is_full_year
    from years
),

full_years as (
    select
        geography_code,
        year,
        average_demand_mw / lag(average_demand_mw) over (
            partition by geography_code order by year
        ) - 1 as growth_frac,
        lag(year) over (partition by geography_code order by year) as previous_year
    from flagged
    where is_full_year
)

select
    flagged.geography_code,
    flagged.year,
    flagged.demand_twh,
    flagged.average_demand_mw,
    flagged.peak_demand_mw,
    flagged.average_demand_mw / flagged.peak_demand_mw as load_factor_frac,
    -- growth of the average load, so a leap day is not growth
    case
        when full_years.previous_year = full_years.year - 1 then full_years.growth_frac
    end as demand_growth_frac,
    flagged.is_full_year,
    flagged.hours_count,
    flagged.imputed_hours_count,
    flagged.source_id
from flagged
left join full_years
    on flagged.geography_code = full_years.geography_code and flagged.year = full_years.year
