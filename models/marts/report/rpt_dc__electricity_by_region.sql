-- The report's data-centre chart: each place's primary series (history and scenarios, one
-- publication each) and, beside it, the ranges other publications give; for the world, the
-- IEA's regions and the places the IEA or others single out. Data centres only.
with places as (
    select
        geography_code,
        geography_name
    from {{ ref('dim_geography') }}
    where geography_code in (
        'WORLD', 'IEA_NORTH_AMERICA', 'IEA_EUROPE', 'IEA_ASIA_PACIFIC', 'IEA_MIDDLE_EAST',
        'IEA_CENTRAL_SOUTH_AMERICA', 'IEA_AFRICA', 'USA', 'CHN', 'EU27', 'IRL'
    )
),

primary_series as (
    select
        h.geography_code,
        p.geography_name,
        h.scenario as series,
        h.scenario,
        h.year,
        h.electricity_low_twh,
        h.electricity_twh,
        h.electricity_high_twh,
        h.estimate_kind = 'projection' as is_projection,
        h.is_interpolated,
        h.publication,
        h.source_id
    from {{ ref('fct_dc__yearly_harmonised_electricity') }} as h
    inner join places as p on h.geography_code = p.geography_code
),

published_ranges as (
    select
        e.geography_code,
        p.geography_name,
        'published range' as series,
        e.scenario,
        e.year,
        e.electricity_low_twh,
        coalesce(e.electricity_twh, (e.electricity_low_twh + e.electricity_high_twh) / 2)
            as electricity_twh,
        e.electricity_high_twh,
        e.estimate_kind = 'projection' as is_projection,
        false as is_interpolated,
        e.publication,
        e.source_id
    from {{ ref('fct_dc__yearly_electricity') }} as e
    inner join places as p on e.geography_code = p.geography_code
    where
        e.scope = 'data_centres' and not e.is_primary
        and e.electricity_low_twh is not null and e.electricity_high_twh is not null
)

select * from primary_series
union all
select * from published_ranges
