-- Epoch AI's frontier data centres' construction milestones with the power capacity (MW)
-- operating at each date and the site's country (seeds/epoch_data_centre_countries.csv).
-- Dates after the export are Epoch's projections: the export date is not recorded, so the
-- copy's date (2025-12-17, the registry's vintage) stands for it.
select
    timelines.data_center,
    countries.geography_code,
    timelines.date,
    cast(extract(year from timelines.date) as {{ dbt.type_int() }}) as year,
    timelines.date > cast('2025-12-17' as date) as is_projected,
    timelines.power_mw,
    timelines.buildings_operational,
    {{ source_id('epoch', 'data_center_timelines') }} as source_id
from {{ source('epoch', 'data_center_timelines') }} as timelines
left join {{ ref('epoch_data_centre_countries') }} as countries
    on timelines.data_center = countries.handle
