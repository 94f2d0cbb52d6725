-- AI's share of data-centre electricity in every year from the first anchor year on, for the
-- low, central and high bounds: linear between the anchor years of the scenario knobs, held
-- at the last anchor's value after it (2031-2035: no published share), none before the first.
-- The low and high bounds widen to take in the central value where a user's knob puts it
-- outside them (a central 0.6 for 2030 above the cited high of 0.49). The geography the
-- shares were published for is kept: the world's, the only ones published so far.
with anchors as (
    select
        geography_code,
        bound,
        year,
        value,
        lead(year) over (partition by bound order by year) as next_year,
        lead(value) over (partition by bound order by year) as next_value
    from {{ ref('int_ai__scenario_assumptions') }}
    where quantity = 'ai_share_of_dc'
),

years as (
    {{ year_spine(2000, 2050) }}
),

by_bound as (
    select
        years.year,
        anchors.geography_code,
        anchors.bound,
        -- rounded to 1e-6: a share is not known better, and binary noise stays out
        round(
            case
                when anchors.next_year is null then anchors.value
                else
                    anchors.value
                    + (anchors.next_value - anchors.value)
                    * (years.year - anchors.year) / (anchors.next_year - anchors.year)
            end,
            6
        ) as share_frac
    from anchors
    inner join years
        on
            anchors.year <= years.year
            and (anchors.next_year is null or anchors.next_year > years.year)
),

by_year as (
    select
        year,
        max(geography_code) as geography_code,
        max(case when bound = 'low' then share_frac end) as low_frac,
        max(case when bound = 'central' then share_frac end) as central_frac,
        max(case when bound = 'high' then share_frac end) as high_frac
    from by_bound
    group by year
)

select
    year,
    geography_code as ai_share_geography_code,
    least(low_frac, central_frac) as ai_share_of_dc_low_frac,
    central_frac as ai_share_of_dc_frac,
    greatest(high_frac, central_frac) as ai_share_of_dc_high_frac
from by_year
