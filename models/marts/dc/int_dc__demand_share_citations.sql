-- For each row of fct_ai__yearly_demand_share, what an answer cites beside it: the
-- harmonised series' figure (none in an interpolated year), the scope and publisher of the
-- geography's primary series (one scope per geography: tests/dbt/), the geography's last
-- historical year with a data-centre figure, and whether the row is one an answer shows
-- (that year, 2030 and 2035). Macro cited_demand_shares joins it to the mart's rows.
with primary_series as (
    select
        geography_code,
        max(scope) as primary_scope,
        max(publisher) as primary_publisher
    from {{ ref('fct_dc__yearly_electricity') }}
    where is_primary
    group by geography_code
),

shares as (
    select * from {{ ref('fct_ai__yearly_demand_share') }}
),

last_history as (
    select
        geography_code,
        max(year) as last_history_year
    from shares
    where scenario = 'historical' and dc_electricity_twh is not null
    group by geography_code
)

select
    shares.geography_code,
    shares.year,
    shares.scenario,
    harmonised.figure_id,
    primary_series.primary_scope,
    primary_series.primary_publisher,
    last_history.last_history_year,
    coalesce(
        (shares.year = last_history.last_history_year and shares.scenario = 'historical')
        or shares.year in (2030, 2035),
        false
    ) as is_answer_year
from shares
left join {{ ref('fct_dc__yearly_harmonised_electricity') }} as harmonised
    on
        shares.geography_code = harmonised.geography_code
        and shares.year = harmonised.year
        and shares.scenario = harmonised.scenario
left join primary_series
    on shares.geography_code = primary_series.geography_code
left join last_history
    on shares.geography_code = last_history.geography_code
