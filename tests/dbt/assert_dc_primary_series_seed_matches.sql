-- Every row of seeds/dc_primary_series.csv names publications that exist: a source (and a
-- curated publication's title) with central figures in the seed's geography, period and
-- scope. A misspelt title would otherwise drop a publication from the rule without a word.
-- Returns the seed rows that match no figure.
with estimates as (
    select
        geography_code,
        case when scenario = 'historical' then 'history' else 'projection' end as period_kind,
        scope,
        source_id,
        publication
    from {{ ref('fct_dc__yearly_electricity') }}
    where data_centre_type = 'total' and electricity_twh is not null
)

select
    seeded.geography_code,
    seeded.period_kind,
    seeded.scope,
    seeded.source_id,
    seeded.publication
from {{ ref('dc_primary_series') }} as seeded
where not exists (
    select 1
    from estimates
    where
        estimates.geography_code = seeded.geography_code
        and estimates.period_kind = seeded.period_kind
        and estimates.scope = seeded.scope
        and estimates.source_id = seeded.source_id
        and (seeded.publication is null or estimates.publication = seeded.publication)
)
