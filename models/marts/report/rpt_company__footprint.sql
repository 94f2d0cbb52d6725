-- The report's company chart: each company's electricity, total emissions and renewable-
-- matched share by year, each figure from the newest report edition that gives it (a company
-- whose latest edition leaves a measure out keeps the figure an earlier edition published).
{% set measures = {
    'electricity_twh': 'electricity_twh',
    'total_emissions_mtco2e': 'total_emissions_tco2e / 1e6',
    'renewable_matched_frac': 'renewable_matched_frac',
} %}

with
{% for name, expression in measures.items() %}
    {{ name }}_ranked as (
        select
            company,
            year,
            {{ expression }} as {{ name }},
            report_edition as {{ name }}_edition,
            source_id as {{ name }}_source_id,
            row_number() over (
                partition by company, year
                order by edition_published desc, report_edition asc
            ) as newest
        from {{ ref('fct_company__yearly_footprint') }}
        where {{ expression }} is not null
    ),
{% endfor %}

company_years as (
    select distinct
        company,
        year
    from {{ ref('fct_company__yearly_footprint') }}
)

select
    y.company,
    y.year,
    {% for name in measures %}
        {{ name }}.{{ name }},
        {{ name }}.{{ name }}_edition,
    {% endfor %}
    coalesce(
        electricity_twh.electricity_twh_source_id,
        total_emissions_mtco2e.total_emissions_mtco2e_source_id,
        renewable_matched_frac.renewable_matched_frac_source_id
    ) as source_id
from company_years as y
{% for name in measures %}
    left join {{ name }}_ranked as {{ name }}
        on y.company = {{ name }}.company and y.year = {{ name }}.year and {{ name }}.newest = 1
{% endfor %}
where coalesce(
    electricity_twh.electricity_twh,
    total_emissions_mtco2e.total_emissions_mtco2e,
    renewable_matched_frac.renewable_matched_frac
) is not null
