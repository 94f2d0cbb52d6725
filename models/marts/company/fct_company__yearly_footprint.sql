-- What each operator reports, one row per company, report edition and year: electricity,
-- PUE, carbon-free shares, emissions by scope and water, and the change since the base year
-- of the company's goal, computed inside the edition. Each edition's series is kept whole
-- (companies restate past years); is_primary_edition marks the latest edition per company.
-- Editions are never spliced: a year the latest edition does not print is not filled from
-- an older one.
{%- set columns = {
    'electricity': 'electricity_twh',
    'dc_electricity': 'dc_electricity_twh',
    'pue': 'pue_ratio',
    'hourly_cfe_share': 'hourly_cfe_frac',
    'renewable_matched_share': 'renewable_matched_frac',
    'scope1_emissions': 'scope1_emissions_tco2e',
    'scope2_emissions_location_based': 'scope2_emissions_location_based_tco2e',
    'scope2_emissions_market_based': 'scope2_emissions_market_based_tco2e',
    'scope3_emissions': 'scope3_emissions_tco2e',
    'ghg_emissions_total': 'total_emissions_tco2e',
    'water_withdrawal': 'water_withdrawal_megalitres',
    'water_consumption': 'water_consumption_megalitres',
} %}
{%- set next_year_start = dbt.dateadd('month', 'fiscal_year_end_month', 'january_first') %}
with figures as (
    select *
    from {{ ref('stg_curated__company_report_figures') }}
    where metric in (
        {%- for metric in columns %}
            '{{ metric }}'{{ ',' if not loop.last }}
        {%- endfor %}
    )
),

pivoted as (
    select
        company,
        report_edition,
        max(edition_published) as edition_published,
        max(baseline_year) as baseline_year,
        year,
        {%- for metric, column in columns.items() %}
            max(case when metric = '{{ metric }}' then value end) as {{ column }},
        {%- endfor %}
        {{ dbt.listagg('figure_id', "', '", 'order by figure_id') }} as figure_ids
    from figures
    group by company, report_edition, year
),

fiscal as (
    select
        pivoted.*,
        fiscal_years.fiscal_year_end_month,
        cast(
            {{ dbt.concat(["cast(pivoted.year as " ~ dbt.type_string() ~ ")", "'-01-01'"]) }}
            as date
        ) as january_first
    from pivoted
    inner join {{ ref('company_fiscal_years') }} as fiscal_years
        on pivoted.company = fiscal_years.company
),

with_baseline as (
    select
        *,
        max(case when year = baseline_year then electricity_twh end)
            over (partition by company, report_edition) as baseline_electricity_twh,
        max(case when year = baseline_year then total_emissions_tco2e end)
            over (partition by company, report_edition) as baseline_total_emissions_tco2e,
        max(edition_published) over (partition by company) as latest_edition_published
    from fiscal
)

select
    company,
    report_edition,
    edition_published,
    edition_published = latest_edition_published as is_primary_edition,
    year,
    fiscal_year_end_month <> 12 as is_fiscal_year,
    case
        when fiscal_year_end_month <> 12
            then {{ dbt.concat(["'FY'", "cast(year as " ~ dbt.type_string() ~ ")"]) }}
        else cast(year as {{ dbt.type_string() }})
    end as period_label,
    -- a reporting year ends on the last day of its end month, in `year`
    cast({{ dbt.dateadd('month', 'fiscal_year_end_month - 12', 'january_first') }} as date)
        as period_start_date,
    cast({{ dbt.dateadd('day', '-1', next_year_start) }} as date) as period_end_date,
    {%- for column in columns.values() %}
        {{ column }},
    {%- endfor %}
    baseline_year,
    electricity_twh / baseline_electricity_twh - 1 as electricity_change_vs_baseline_frac,
    total_emissions_tco2e / baseline_total_emissions_tco2e - 1
        as total_emissions_change_vs_baseline_frac,
    figure_ids,
    {{ source_id('curated', 'company_report_figures') }} as source_id
from with_baseline
