-- The report's hourly chart: the Lower 48's lifecycle intensity by hour of day for each
-- season of the latest full year (the latest year where none is full), and that year's
-- average as one more series.
with latest as (
    select
        geography_code,
        coalesce(max(case when is_full_year then year end), max(year)) as year
    from {{ ref('fct_grid__hourly_intensity_profile') }}
    group by geography_code
),

profile as (
    select p.*
    from {{ ref('fct_grid__hourly_intensity_profile') }} as p
    inner join latest as l on p.geography_code = l.geography_code and p.year = l.year
)

select
    geography_code,
    year,
    season as series,
    hour_of_day_cst,
    carbon_intensity_lifecycle_gco2e_per_kwh,
    is_full_year,
    source_id
from profile
union all
select distinct
    geography_code,
    year,
    'yearly average' as series,
    hour_of_day_cst,
    yearly_carbon_intensity_lifecycle_gco2e_per_kwh,
    is_full_year,
    source_id
from profile
