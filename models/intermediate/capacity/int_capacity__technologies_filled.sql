-- National installed capacity per technology and year (both producer types summed). IRENA
-- lists no row for a zero capacity, so a technology that retires or skips a year simply
-- vanishes: here every technology a country ever had gets a row in each year of the
-- country's span, 0 GW where IRENA lists none, so that a year-over-year difference sees it.
with capacity as (
    select * from {{ ref('stg_irena__capacity_country') }}
),

by_technology as (
    select
        geography_code,
        year,
        technology,
        is_renewable,
        {{ exact_sum('capacity_gw') }} as capacity_gw
    from capacity
    group by geography_code, year, technology, is_renewable
),

bounds as (
    select
        min(year) as first_year,
        max(year) as last_year
    from capacity
),

digits as (
    {%- for digit in range(10) %}
        select {{ digit }} as digit
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- every year from the first to the last IRENA lists (up to a century), gaps included
years as (
    select bounds.first_year + tens.digit * 10 + units.digit as year
    from bounds
    cross join digits as tens
    cross join digits as units
    where bounds.first_year + tens.digit * 10 + units.digit <= bounds.last_year
),

country_spans as (
    select
        geography_code,
        min(year) as first_year,
        max(year) as last_year
    from capacity
    group by geography_code
),

country_technologies as (
    select distinct
        geography_code,
        technology,
        is_renewable
    from by_technology
),

spine as (
    select
        country_technologies.geography_code,
        years.year,
        country_technologies.technology,
        country_technologies.is_renewable
    from country_technologies
    inner join country_spans
        on country_technologies.geography_code = country_spans.geography_code
    inner join years
        on years.year between country_spans.first_year and country_spans.last_year
)

select
    spine.geography_code,
    spine.year,
    spine.technology,
    spine.is_renewable,
    coalesce(by_technology.capacity_gw, 0) as capacity_gw,
    by_technology.capacity_gw is null as is_zero_filled,
    {{ source_id('irena', 'capacity_country') }} as source_id
from spine
left join by_technology
    on
        spine.geography_code = by_technology.geography_code
        and spine.year = by_technology.year
        and spine.technology = by_technology.technology
