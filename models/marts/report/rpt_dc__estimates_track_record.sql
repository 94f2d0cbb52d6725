-- The report's track-record chart: data-centre electricity for a place and target year as
-- each publication gave it (a range's midpoint), where two or more publications give one or
-- a later estimate exists; and what came: the latest later estimate or measurement of that
-- year (dated at the start of the year after where it has no publication date).
with dated as (
    select
        v.*,
        g.geography_name
    from {{ ref('fct_dc__estimate_vintages') }} as v
    inner join {{ ref('dim_geography') }} as g on v.geography_code = g.geography_code
    where v.scope = 'data_centres' and v.published_date is not null
),

tracked as (
    select
        geography_code,
        year
    from dated
    group by geography_code, year
    having count(*) >= 2 or count(later_estimate_twh) > 0
),

kept as (
    select d.*
    from dated as d
    inner join tracked as t on d.geography_code = t.geography_code and d.year = t.year
)

select
    geography_code,
    geography_name,
    year,
    'published figure' as figure,
    published_date,
    electricity_mid_twh as electricity_twh,
    attributed_to,
    publication,
    source_id
from kept
union all
select distinct
    geography_code,
    geography_name,
    year,
    {{ dbt.concat(["'what came ('", "later_estimate_kind", "')'"]) }} as figure,
    coalesce(later_estimate_published_date, make_date(year + 1, 1, 1)) as published_date,
    later_estimate_twh as electricity_twh,
    cast(null as {{ dbt.type_string() }}) as attributed_to,
    later_estimate_publication as publication,
    later_estimate_source_id as source_id
from kept
where later_estimate_twh is not null
