-- The report's capacity chart: IRENA's net additions, gross additions as a government or
-- company published them, and data centres' average load growth, in GW a year, for the
-- largest builders of generating capacity. One row per place, series and year.
with places as (
    select
        geography_code,
        geography_name
    from {{ ref('dim_geography') }}
    where geography_code in ('CHN', 'USA', 'IND', 'DEU', 'JPN', 'BRA')
),

additions as (
    select a.*
    from {{ ref('fct_capacity__yearly_additions') }} as a
    where a.technology = 'total'
)

select
    a.geography_code,
    p.geography_name,
    'net additions (IRENA)' as series,
    a.year,
    a.net_additions_gw as capacity_gw,
    a.source_id
from additions as a
inner join places as p on a.geography_code = p.geography_code
where a.year >= 2015 and a.net_additions_gw is not null
union all
select
    a.geography_code,
    p.geography_name,
    'gross additions as published' as series,
    a.year,
    a.gross_additions_published_gw as capacity_gw,
    a.gross_additions_source_id as source_id
from additions as a
inner join places as p on a.geography_code = p.geography_code
where a.gross_additions_published_gw is not null
union all
select
    d.geography_code,
    p.geography_name,
    'data-centre average load growth' as series,
    d.year,
    d.dc_average_load_growth_gw as capacity_gw,
    d.dc_source_id as source_id
from {{ ref('fct_capacity__yearly_additions_vs_dc_load') }} as d
inner join places as p on d.geography_code = p.geography_code
where d.dc_average_load_growth_gw is not null
