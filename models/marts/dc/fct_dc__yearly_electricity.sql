-- Every published estimate of data-centre electricity (and of AI's and crypto mining's, in
-- their own scope), one row per geography, year, publication and scenario (and IEA
-- data-centre type). is_primary marks the series the harmonised mart
-- (fct_dc__yearly_harmonised_electricity) follows, chosen per geography, separately for
-- history and for projections, among the rows with a central figure for data centres as a
-- whole:
--   * for the geographies in seeds/dc_primary_series.csv (France, Germany, the Netherlands,
--     Ireland, the EU-27, IEA Europe), the rule written there: the scope the series keeps and
--     the publications it follows, ranked; the best-ranked publications present are primary,
--     and a year two of them give takes the latest published;
--   * elsewhere, among the publications in scope data_centres, by these rules in order:
--     1. a measurement (a metered series) before any model;
--     2. the IEA's Energy and AI data annex: the one source with every region and scenario on
--        one method, so that geographies and scenarios compare like with like;
--     3. the most recently published;
--     4. the one with more published years; then by name, so the choice never flips.
-- Every year and scenario of the chosen publication is primary; other publications' figures
-- stay beside it, unflagged.
with estimates as (
    select
        *,
        case when scenario = 'historical' then 'history' else 'projection' end as period_kind,
        coalesce(data_centre_type = 'total' and electricity_twh is not null, false)
            as has_central_total,
        coalesce(
            scope = 'data_centres' and data_centre_type = 'total' and electricity_twh is not null,
            false
        ) as is_candidate
    from {{ ref('int_dc__estimates_unioned') }}
),

seeded as (
    select * from {{ ref('dc_primary_series') }}
),

seeded_geographies as (
    select distinct geography_code from seeded
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
),

-- the seeded rule: the rows of the listed publications in the listed scope, then the
-- best-ranked present, then one row per year and scenario (the latest published)
seeded_rows as (
    select
        estimates.geography_code,
        estimates.year,
        estimates.source_id,
        estimates.figure_id,
        estimates.scenario,
        estimates.data_centre_type,
        estimates.published_date,
        estimates.publication,
        seeded.priority,
        min(seeded.priority) over (
            partition by estimates.geography_code, estimates.period_kind
        ) as best_priority
    from estimates
    inner join seeded
        on
            estimates.geography_code = seeded.geography_code
            and estimates.period_kind = seeded.period_kind
            and estimates.scope = seeded.scope
            and estimates.source_id = seeded.source_id
            and (seeded.publication is null or estimates.publication = seeded.publication)
    where estimates.has_central_total
),

seeded_primary as (
    select
        *,
        row_number() over (
            partition by geography_code, year, scenario
            order by published_date desc nulls last, publication asc
        ) as year_rank
    from seeded_rows
    where priority = best_priority
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
    case
        when seeded_geographies.geography_code is not null
            then coalesce(seeded_primary.year_rank = 1, false)
        else coalesce(estimates.is_candidate and ranked.publication_rank = 1, false)
    end as is_primary
from estimates
left join ranked
    on
        estimates.geography_code = ranked.geography_code
        and estimates.period_kind = ranked.period_kind
        and estimates.source_id = ranked.source_id
        and estimates.publication = ranked.publication
left join seeded_geographies
    on estimates.geography_code = seeded_geographies.geography_code
left join seeded_primary
    on
        estimates.geography_code = seeded_primary.geography_code
        and estimates.year = seeded_primary.year
        and estimates.source_id = seeded_primary.source_id
        and coalesce(estimates.figure_id, '') = coalesce(seeded_primary.figure_id, '')
        and estimates.scenario = seeded_primary.scenario
        and estimates.data_centre_type = seeded_primary.data_centre_type
