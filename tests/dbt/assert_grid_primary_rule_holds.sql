-- The primary rule of the grid marts, restated with group-bys instead of the marts' windows:
-- a geography's primary rows all have the method of its best-ranked series, and every
-- period with a row in that method has exactly one primary row, the best-ranked one.
-- Returns the geographies and periods that break it.
with marts as (
    select
        'yearly' as mart,
        geography_code,
        year,
        0 as month,
        method,
        series_priority,
        is_primary
    from {{ ref('fct_grid__yearly_carbon_intensity') }}
    union all
    select
        'monthly' as mart,
        geography_code,
        year,
        month,
        method,
        series_priority,
        is_primary
    from {{ ref('fct_grid__monthly_carbon_intensity') }}
),

best_priority as (
    select
        mart,
        geography_code,
        min(series_priority) as series_priority
    from marts
    group by mart, geography_code
),

best_method as (
    select distinct
        marts.mart,
        marts.geography_code,
        marts.method
    from marts
    inner join best_priority
        on
            marts.mart = best_priority.mart
            and marts.geography_code = best_priority.geography_code
            and marts.series_priority = best_priority.series_priority
),

periods as (
    select
        marts.mart,
        marts.geography_code,
        marts.year,
        marts.month,
        min(case when marts.method = best_method.method then marts.series_priority end)
            as expected_priority,
        sum(case when marts.is_primary then 1 else 0 end) as primary_rows,
        max(case when marts.is_primary then marts.series_priority end) as primary_priority,
        sum(case when marts.is_primary and marts.method <> best_method.method then 1 else 0 end)
            as primary_rows_in_other_methods
    from marts
    inner join best_method
        on marts.mart = best_method.mart and marts.geography_code = best_method.geography_code
    group by marts.mart, marts.geography_code, marts.year, marts.month
)

select *
from periods
where
    primary_rows_in_other_methods > 0
    or (expected_priority is null and primary_rows > 0)
    or (
        expected_priority is not null
        and (primary_rows <> 1 or primary_priority <> expected_priority)
    )
