-- Where a later report edition moved a year's figure: each company, metric and year that
-- two or more editions print, one row per edition after the first, against the edition
-- before it (by publication date). A change within 0.01% is rounding (Alphabet's assured
-- 12,237,198 MWh against the report's 12,237,200), not a restatement.
with with_previous as (
    select
        *,
        lag(report_edition) over previous_editions as previous_report_edition,
        lag(value) over previous_editions as previous_value,
        lag(figure_id) over previous_editions as previous_figure_id
    from {{ ref('stg_curated__company_report_figures') }}
    window previous_editions as (
        partition by company, metric, year
        order by edition_published, report_edition
    )
)

select
    company,
    metric,
    year,
    report_edition,
    edition_published,
    previous_report_edition,
    unit,
    value,
    previous_value,
    value / nullif(previous_value, 0) - 1 as change_vs_previous_edition_frac,
    abs(value - previous_value) > 1e-4 * abs(previous_value) as is_restated,
    figure_id,
    previous_figure_id,
    {{ source_id('curated', 'company_report_figures') }} as source_id
from with_previous
where previous_report_edition is not null
