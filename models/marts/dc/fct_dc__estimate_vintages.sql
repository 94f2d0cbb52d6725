-- The warehouse's own track record of the published figures: for each geography, target year
-- and scope, every publication's central figure in order of publication, the change from the
-- previous one, and, where the year has since been estimated or measured, the figure against
-- the latest later estimate (a measurement counts as later than any model). Central means the
-- publication's history figure, base case, moderate or medium case, single forecast, or the
-- midpoint of a range with no central case; the other scenarios stay in fct_dc__yearly_electricity.
with figures as (
    select
        *,
        coalesce(electricity_twh, (electricity_low_twh + electricity_high_twh) / 2)
            as electricity_mid_twh
    from {{ ref('fct_dc__yearly_electricity') }}
    where
        data_centre_type = 'total'
        and scenario in ('historical', 'base', 'moderate', 'medium', 'forecast', 'range')
),

sequenced as (
    select
        figures.*,
        case when published_date is not null then
            lag(publication) over (
                partition by geography_code, year, scope, published_date is null
                order by published_date, publication
            )
        end as previous_publication,
        case when published_date is not null then
            lag(published_date) over (
                partition by geography_code, year, scope, published_date is null
                order by published_date, publication
            )
        end as previous_published_date,
        case when published_date is not null then
            lag(electricity_mid_twh) over (
                partition by geography_code, year, scope, published_date is null
                order by published_date, publication
            )
        end as previous_electricity_twh
    from figures
),

later_estimates as (
    select
        figure.geography_code,
        figure.year,
        figure.scope,
        figure.source_id,
        figure.figure_id,
        figure.scenario,
        later.source_id as later_source_id,
        later.figure_id as later_figure_id,
        later.publication as later_publication,
        later.published_date as later_published_date,
        later.estimate_kind as later_estimate_kind,
        later.electricity_mid_twh as later_twh,
        row_number() over (
            partition by
                figure.geography_code, figure.year, figure.scope, figure.source_id,
                figure.figure_id, figure.scenario
            order by
                case when later.estimate_kind = 'measured' then 0 else 1 end,
                later.published_date desc,
                later.publication
        ) as recency
    from figures as figure
    inner join figures as later
        on
            figure.geography_code = later.geography_code
            and figure.year = later.year
            and figure.scope = later.scope
            and later.estimate_kind in ('measured', 'modelled_history')
            and figure.estimate_kind <> 'measured'
            and (
                later.estimate_kind = 'measured'
                or later.published_date > figure.published_date
            )
)

select
    sequenced.geography_code,
    sequenced.year,
    sequenced.scope,
    sequenced.source_id,
    sequenced.figure_id,
    sequenced.publisher,
    sequenced.attributed_to,
    sequenced.publication,
    sequenced.published_date,
    sequenced.scenario,
    sequenced.estimate_kind,
    sequenced.electricity_low_twh,
    sequenced.electricity_twh,
    sequenced.electricity_high_twh,
    sequenced.electricity_mid_twh,
    sequenced.previous_publication,
    sequenced.previous_published_date,
    sequenced.previous_electricity_twh,
    round(sequenced.electricity_mid_twh - sequenced.previous_electricity_twh, 3)
        as change_from_previous_twh,
    later.later_source_id as later_estimate_source_id,
    later.later_figure_id as later_estimate_figure_id,
    later.later_publication as later_estimate_publication,
    later.later_published_date as later_estimate_published_date,
    later.later_estimate_kind as later_estimate_kind,
    later.later_twh as later_estimate_twh,
    round(sequenced.electricity_mid_twh / later.later_twh, 6) as ratio_to_later_estimate,
    round(sequenced.electricity_mid_twh - later.later_twh, 3) as error_vs_later_estimate_twh,
    round(abs(sequenced.electricity_mid_twh - later.later_twh), 3) as absolute_error_twh
from sequenced
left join later_estimates as later
    on
        sequenced.geography_code = later.geography_code
        and sequenced.year = later.year
        and sequenced.scope = later.scope
        and sequenced.source_id = later.source_id
        and coalesce(sequenced.figure_id, '') = coalesce(later.figure_id, '')
        and sequenced.scenario = later.scenario
        and later.recency = 1
