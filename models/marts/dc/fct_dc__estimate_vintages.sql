-- The warehouse's own track record of the published figures: for each geography, target year
-- and scope, every publication's central figure in order of publication, the change from the
-- previous one, and, where the year has since been estimated or measured, the figure against
-- the latest later estimate (a measurement counts as later than any model). Central means the
-- publication's history figure, base case, moderate or medium case, single forecast, or the
-- midpoint of a range with no central case; the other scenarios stay in
-- fct_dc__yearly_electricity.
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

-- publications in order of date, per geography, target year and scope; an undated figure is
-- placed in no sequence
sequenced as (
    select
        *,
        lag(publication) over publications as previous_publication,
        lag(published_date) over publications as previous_published_date,
        lag(electricity_mid_twh) over publications as previous_electricity_twh
    from figures
    where published_date is not null
    window
        publications as (
            partition by geography_code, year, scope order by published_date, publication
        )

    union all

    select
        *,
        cast(null as {{ dbt.type_string() }}) as previous_publication,
        cast(null as date) as previous_published_date,
        cast(null as {{ dbt.type_float() }}) as previous_electricity_twh
    from figures
    where published_date is null
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
                later.publication asc
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
                or figure.published_date < later.published_date
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
    later.later_estimate_kind,
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
