-- One data-centre electricity series per geography and scenario: the primary publication's
-- figures (fct_dc__yearly_electricity.is_primary) in every year they are published, and the
-- years between two published years filled at the constant growth rate that joins them
-- (v = v0 x (v1 / v0)^((year - y0) / (y1 - y0))). History is scenario 'historical'; each
-- projection scenario starts from the geography's last historical figure and covers only
-- the later years. Nothing is extrapolated before the first or after the last published year.
with points as (
    select
        geography_code,
        year,
        scenario,
        source_id,
        figure_id,
        publication,
        estimate_kind,
        electricity_low_twh,
        electricity_twh,
        electricity_high_twh
    from {{ ref('fct_dc__yearly_electricity') }}
    where is_primary
),

last_history_years as (
    select
        geography_code,
        max(year) as year
    from points
    where scenario = 'historical'
    group by geography_code
),

projections as (
    select distinct
        geography_code,
        scenario
    from points
    where scenario <> 'historical'
),

-- each series' points: history as published; a projection with the last history point as its
-- first point, so its early years are filled from there
series_points as (
    select
        points.*,
        points.scenario as series
    from points

    union all

    select
        points.*,
        projections.scenario as series
    from points
    inner join last_history_years
        on
            points.geography_code = last_history_years.geography_code
            and points.year = last_history_years.year
            and points.scenario = 'historical'
    inner join projections
        on points.geography_code = projections.geography_code
),

segments as (
    select
        *,
        lead(year) over (partition by geography_code, series order by year) as next_year,
        lead(electricity_low_twh) over (partition by geography_code, series order by year)
            as next_low_twh,
        lead(electricity_twh) over (partition by geography_code, series order by year)
            as next_twh,
        lead(electricity_high_twh) over (partition by geography_code, series order by year)
            as next_high_twh,
        lead(source_id) over (partition by geography_code, series order by year)
            as next_source_id,
        lead(publication) over (partition by geography_code, series order by year)
            as next_publication,
        lead(estimate_kind) over (partition by geography_code, series order by year)
            as next_estimate_kind
    from series_points
),

years as (
    {{ year_spine(2000, 2050) }}
),

filled as (
    -- the published points
    select
        geography_code,
        year,
        series as scenario,
        source_id,
        figure_id,
        publication,
        estimate_kind,
        electricity_low_twh,
        electricity_twh,
        electricity_high_twh,
        false as is_interpolated,
        year as previous_published_year,
        year as next_published_year
    from segments
    -- a projection series' first point is the history's last one, already a history row
    where series = scenario

    union all

    -- the years strictly between two published points, at the segment's constant growth
    select
        segments.geography_code,
        years.year,
        segments.series as scenario,
        segments.next_source_id as source_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        segments.next_publication as publication,
        segments.next_estimate_kind as estimate_kind,
        {%- for now, later, name in [
            ('electricity_low_twh', 'next_low_twh', 'electricity_low_twh'),
            ('electricity_twh', 'next_twh', 'electricity_twh'),
            ('electricity_high_twh', 'next_high_twh', 'electricity_high_twh'),
        ] %}
            round(
                segments.{{ now }} * power(
                    segments.{{ later }} / segments.{{ now }},
                    (years.year - segments.year) * 1.0 / (segments.next_year - segments.year)
                ),
                3
            ) as {{ name }},
        {%- endfor %}
        true as is_interpolated,
        segments.year as previous_published_year,
        segments.next_year as next_published_year
    from segments
    inner join years
        on segments.year < years.year and segments.next_year > years.year
)

select
    geography_code,
    year,
    scenario,
    source_id,
    figure_id,
    publication,
    estimate_kind,
    electricity_low_twh,
    electricity_twh,
    electricity_high_twh,
    electricity_twh / {{ unit_factor('GW-year', 'TWh') }} as average_load_gw,
    is_interpolated,
    previous_published_year,
    next_published_year
from filled
