-- A figure's company comes from its metric name (company_report_metrics); its edition's
-- company (company_report_editions) and its id's prefix must say the same, or one of the
-- two seeds maps a name to the wrong company.
select
    figures.figure_id,
    figures.company,
    editions.company as edition_company
from {{ ref('stg_curated__company_report_figures') }} as figures
inner join {{ ref('company_report_editions') }} as editions
    on figures.title = editions.title
where
    figures.company <> editions.company
    or substring(figures.figure_id, 1, 4) <> case figures.company
        when 'Amazon' then 'AMZN'
        when 'Apple' then 'AAPL'
        when 'Google' then 'GOOG'
        when 'Meta' then 'META'
        when 'Microsoft' then 'MSFT'
        when 'Oracle' then 'ORCL'
    end
