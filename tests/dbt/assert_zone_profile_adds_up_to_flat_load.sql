-- The zone profile's cells cover every hour of each zone's year once: their hours add up to
-- the flat-load mart's, and averaged with their hours as weights they give back the flat
-- load's intensity in both marts (direct and life-cycle). Tolerance 1e-4 relative: the cells
-- are rounded to a thousandth of a gram. Returns the zones and years that do not add up.
with cells as (
    select
        geography_code,
        year,
        sum(hours_count) as hours_count,
        sum(hours_count * carbon_intensity_lifecycle_gco2e_per_kwh) / sum(hours_count)
            as lifecycle_gco2e_per_kwh,
        sum(hours_count * carbon_intensity_direct_gco2e_per_kwh) / sum(hours_count)
            as direct_gco2e_per_kwh
    from {{ ref('fct_grid__hourly_zone_intensity_profile') }}
    group by geography_code, year
)

select
    cells.*,
    flat.hours_count as flat_load_hours_count,
    flat.flat_load_carbon_intensity_lifecycle_gco2e_per_kwh,
    flat.flat_load_carbon_intensity_direct_gco2e_per_kwh
from cells
full outer join {{ ref('fct_grid__yearly_flat_load_emissions') }} as flat
    on cells.geography_code = flat.geography_code and cells.year = flat.year
where
    flat.hours_count is null
    or cells.hours_count is null
    or cells.hours_count <> flat.hours_count
    or abs(
        cells.lifecycle_gco2e_per_kwh / flat.flat_load_carbon_intensity_lifecycle_gco2e_per_kwh - 1
    ) > 1e-4
    or abs(
        cells.direct_gco2e_per_kwh / flat.flat_load_carbon_intensity_direct_gco2e_per_kwh - 1
    ) > 1e-4
