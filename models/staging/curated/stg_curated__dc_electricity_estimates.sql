-- Published estimates of data-centre, AI and crypto electricity, growth rates and shares, one
-- row per figure with its citation. A projection's scenario text is mapped to the warehouse's
-- scenario key (seeds/dc_scenario_names.csv); figures about past years are 'historical'.
with estimates as (
    select * from {{ source('curated', 'dc_electricity_estimates') }}
),

scenarios as (
    select * from {{ ref('dc_scenario_names') }}
)

select
    estimates.figure_id,
    estimates.metric,
    estimates.scope,
    estimates.attributed_to,
    estimates.value,
    estimates.value_low,
    estimates.value_high,
    estimates.qualifier,
    estimates.unit,
    cast(estimates.year as {{ dbt.type_int() }}) as year,
    estimates.period,
    estimates.geography_code,
    estimates.scenario as scenario_published,
    case
        when not estimates.is_projection then 'historical' else scenarios.scenario
    end as scenario,
    estimates.is_projection,
    estimates.value_published,
    estimates.unit_published,
    estimates.publisher,
    estimates.title,
    estimates.published,
    {{ published_date('estimates.published') }} as published_date,
    estimates.url,
    estimates.locator,
    estimates.confidence,
    estimates.evidence_url,
    estimates.notes,
    estimates.curation_notes,
    {{ source_id('curated', 'dc_electricity_estimates') }} as source_id
from estimates
left join scenarios
    on estimates.scenario = scenarios.scenario_published
