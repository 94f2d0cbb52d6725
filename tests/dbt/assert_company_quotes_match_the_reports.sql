-- The list of published figures quotes some company figures from secondary copies
-- (curated.company_figures). Where the operators' reports (curated.company_report_figures)
-- print the same company, metric and year, at least one edition must agree within 3%: the
-- quotes round ("about 11 TWh" for Microsoft's FY2020 10.77 TWh is 2.1% off); a larger gap
-- is a misquote, a restated figure quoted as current, or a metric mapped to the wrong name.
with quotes as (
    select
        figure_id,
        company,
        metric,
        year,
        value
    from {{ source('curated', 'company_figures') }}
    where value is not null
)

select
    quotes.figure_id,
    quotes.value,
    min(abs(reports.value / quotes.value - 1)) as closest_relative_gap
from quotes
inner join {{ ref('stg_curated__company_report_figures') }} as reports
    on
        quotes.company = reports.company
        and quotes.metric = reports.metric
        and quotes.year = reports.year
group by quotes.figure_id, quotes.value
having min(abs(reports.value / quotes.value - 1)) > 0.03
