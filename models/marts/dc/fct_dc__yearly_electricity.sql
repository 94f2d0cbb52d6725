-- Every published estimate of data-centre electricity (and of AI's and crypto mining's, in
-- their own scope), one row per geography, year, publication and scenario (and IEA
-- data-centre type). is_primary marks the publication whose series the harmonised mart
-- (fct_dc__yearly_harmonised_electricity) follows, chosen per geography, separately for
-- history and for projections, among the publications with a central figure for data
-- centres as a whole, by these rules in order:
--   1. a measurement (Ireland's metered consumption, CSO) before any model;
--   2. the IEA's Energy and AI data annex: the one source with every region and scenario on
--      one method, so that geographies and scenarios compare like with like;
--   3. the most recently published;
--   4. the one with more published years; then by name, so the choice never flips.
-- Every year and scenario of the chosen publication is primary; other publications' figures
-- stay beside it, unflagged.
with estimates as (
    select
        *,
        case when scenario = 'historical' then 'history' else 'projection' end as period_kind,
        coalesce(
            scope = 'data_centres' and data_centre_type = 'total' and electricity_twh is not null,
            false
        ) as is_candidate
    from {{ ref('int_dc__estimates_unioned') }}
),

publications as (
    select
        geography_code,
        period_kind,
        source_id,
        publication,
        max(case when estimate_kind = 'measured' then 1 else 0 end) as is_measured,
        max(case when source_id = {{ source_id('iea', 'energy_ai_annex') }} then 1 else 0 end)
            as is_iea_annex,
        max(published_date) as published_date,
        count(*) as n_figures
    from estimates
    where is_candidate
    group by geography_code, period_kind, source_id, publication
),

ranked as (
    select
        *,
        row_number() over (
            partition by geography_code, period_kind
            order by
                is_measured desc,
                is_iea_annex desc,
                published_date desc nulls last,
                n_figures desc,
                publication asc
        ) as publication_rank
    from publications
)

select
    estimates.geography_code,
    estimates.year,
    estimates.source_id,
    estimates.figure_id,
    estimates.publisher,
    estimates.attributed_to,
    estimates.publication,
    estimates.published_date,
    estimates.scenario,
    estimates.estimate_kind,
    estimates.scope,
    estimates.data_centre_type,
    estimates.electricity_low_twh,
    estimates.electricity_twh,
    estimates.electricity_high_twh,
    estimates.electricity_it_twh,
    estimates.electricity_twh / {{ unit_factor('GW-year', 'TWh') }} as average_load_gw,
    estimates.installed_capacity_gw,
    estimates.installed_capacity_it_gw,
    estimates.load_factor_frac,
    estimates.pue_ratio,
    estimates.is_exploratory,
    estimates.derived_from_figure_id,
    estimates.derivation_method,
    coalesce(estimates.is_candidate and ranked.publication_rank = 1, false) as is_primary
from estimates
left join ranked
    on
        estimates.geography_code = ranked.geography_code
        and estimates.period_kind = ranked.period_kind
        and estimates.source_id = ranked.source_id
        and estimates.publication = ranked.publication
