-- Headlines the publishers state about their own numbers (a share, a rate, a total, a change
-- since a base year), one row per figure with its citation, as typed in
-- ingest/curated/headline_figures.csv: the publisher's side of
-- fct_reconciliation__publisher_headlines.
select
    figure_id,
    metric,
    attributed_to,
    value,
    value_low,
    value_high,
    qualifier,
    unit,
    cast(year as {{ dbt.type_int() }}) as year,
    period,
    geography_code,
    scenario,
    is_projection,
    value_published,
    unit_published,
    publisher,
    title,
    published,
    url,
    locator,
    confidence,
    evidence_url,
    notes,
    curation_notes,
    {{ source_id('curated', 'headline_figures') }} as source_id
from {{ source('curated', 'headline_figures') }}
