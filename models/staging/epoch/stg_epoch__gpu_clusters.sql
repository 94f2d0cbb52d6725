-- Epoch AI's GPU clusters on the warehouse's names: one row per cluster or phase as Epoch
-- lists it, the country as a geography code (ISO name, else Epoch's alias), the years it
-- started and stopped operating. Power is capacity (MW), not energy.
with clusters as (
    select * from {{ source('epoch', 'gpu_clusters') }}
)

select
    clusters.name,
    clusters.name_seq,
    clusters.status,
    clusters.certainty,
    clusters.country as publisher_geography_name,
    coalesce(iso_names.geography_code, name_aliases.geography_code) as geography_code,
    clusters.owner,
    clusters.first_operational_date,
    cast(extract(year from clusters.first_operational_date) as {{ dbt.type_int() }})
        as first_operational_year,
    -- Epoch writes YYYY-MM-DD or YYYY-MM
    cast(substring(clusters.decommissioned_date, 1, 4) as {{ dbt.type_int() }})
        as decommissioned_year,
    clusters.power_capacity_mw,
    clusters.calculated_power_capacity_mw,
    clusters.reported_power_capacity_mw,
    clusters.chip_type_primary,
    clusters.chip_quantity_primary,
    clusters.h100_equivalents,
    coalesce(clusters.possible_duplicate, false) as is_possible_duplicate,
    clusters.builds_upon,
    clusters.superseded_by,
    {{ source_id('epoch', 'gpu_clusters') }} as source_id
from clusters
{{ join_country_name('clusters.country', 'epoch') }}
