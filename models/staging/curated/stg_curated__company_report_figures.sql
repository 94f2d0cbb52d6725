-- The operators' report figures on the warehouse's names and units: each published metric
-- name mapped to its company and warehouse metric (company_report_metrics), each document
-- to its report edition (company_report_editions), each value converted with the
-- unit_conversions seed. A name, title or unit with no mapping gives a null that fails a test.
with figures as (
    select * from {{ source('curated', 'company_report_figures') }}
),

metrics as (
    select * from {{ ref('company_report_metrics') }}
),

editions as (
    select * from {{ ref('company_report_editions') }}
),

conversions as (
    select * from {{ ref('unit_conversions') }}
),

named as (
    select
        figures.*,
        metrics.company,
        metrics.metric as warehouse_metric,
        metrics.unit as warehouse_unit,
        -- the reports' spellings of units the conversions seed holds under its own names
        case figures.unit
            when 'million tCO2e' then 'MtCO2e'
            when 'megaliters' then 'megalitres'
            when 'million gallons' then 'million US gallons'
            else figures.unit
        end as conversion_unit
    from figures
    left join metrics
        on figures.metric = metrics.metric_published
)

select
    named.figure_id,
    named.company,
    editions.report_edition,
    editions.edition_published,
    editions.baseline_year,
    cast(named.year as {{ dbt.type_int() }}) as year,
    named.warehouse_metric as metric,
    named.warehouse_unit as unit,
    -- rounded to 6 decimals (a MWh in TWh, a litre in megalitres): a factor such as 1e-6
    -- leaves binary noise (15.138499999999999)
    round(
        named.value
        * case
            when named.conversion_unit = named.warehouse_unit then 1
            else conversions.factor
        end,
        6
    ) as value,
    named.value as value_published,
    named.unit as unit_published,
    named.metric as metric_published,
    named.reporting_boundary,
    named.title,
    named.publisher,
    named.published,
    named.url,
    named.locator,
    named.confidence,
    named.evidence,
    named.notes,
    {{ source_id('curated', 'company_report_figures') }} as source_id
from named
left join editions
    on named.title = editions.title
left join conversions
    on
        named.conversion_unit = conversions.from_unit
        and named.warehouse_unit = conversions.to_unit
