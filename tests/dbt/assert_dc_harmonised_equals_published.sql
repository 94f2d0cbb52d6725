-- The harmonised series holds the primary publication's figure unchanged in every year it
-- was published, and every primary figure reaches it. Tolerance: none beyond float noise
-- (1e-9 TWh); the published values are copied, only the years between are computed.
select
    published.geography_code,
    published.year,
    published.scenario,
    published.electricity_twh as published_twh,
    harmonised.electricity_twh as harmonised_twh
from {{ ref('fct_dc__yearly_electricity') }} as published
left join {{ ref('fct_dc__yearly_harmonised_electricity') }} as harmonised
    on
        published.geography_code = harmonised.geography_code
        and published.year = harmonised.year
        and published.scenario = harmonised.scenario
        and not harmonised.is_interpolated
where
    published.is_primary
    and (
        harmonised.electricity_twh is null
        or abs(published.electricity_twh - harmonised.electricity_twh) > 1e-9
    )
