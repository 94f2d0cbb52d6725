-- "A 100 MW data centre running flat all year" on each Electricity Maps hourly zone: its
-- electricity (100 MW x the year's hours: 876 GWh in 2023) and what it emits when it draws
-- the same power every hour, at the plain mean of the hourly intensities, direct and
-- life-cycle; beside it, the same electricity at the zone's published yearly average (what
-- a report multiplying its electricity by a yearly factor would say). Consumption-based
-- intensities (imports traced to where they were made), one publisher and method: not
-- comparable with the US48 hourly series, which is EIA-930 generation x emission factors.
with hourly as (
    select * from {{ ref('stg_electricitymaps_hourly__zone_hourly') }}
),

data_centre as (
    -- the load the question asks about: a 100 MW data centre (IT and cooling) at full draw
    select cast(100 as double) as load_mw
),

flat_load as (
    select
        geography_code,
        cast(extract(year from datetime_utc) as {{ dbt.type_int() }}) as year,
        source_id,
        count(*) as hours_count,
        avg(carbon_intensity_lifecycle_gco2e_per_kwh) as lifecycle_gco2e_per_kwh,
        avg(carbon_intensity_direct_gco2e_per_kwh) as direct_gco2e_per_kwh,
        avg(low_carbon_share_frac) as low_carbon_share_frac
    from hourly
    group by
        geography_code, cast(extract(year from datetime_utc) as {{ dbt.type_int() }}), source_id
),

published as (
    select
        geography_code,
        year,
        carbon_intensity_gco2e_per_kwh,
        source_id
    from {{ ref('fct_grid__yearly_carbon_intensity') }}
    where source_id = {{ source_id('electricitymaps', 'zone_yearly') }}
),

energy as (
    select
        flat_load.*,
        data_centre.load_mw,
        data_centre.load_mw * flat_load.hours_count / {{ unit_factor('GWh', 'MWh') }}
            as electricity_gwh
    from flat_load
    cross join data_centre
)

select
    energy.geography_code,
    energy.year,
    energy.load_mw,
    energy.hours_count,
    energy.electricity_gwh,
    round(energy.lifecycle_gco2e_per_kwh, 3) as flat_load_carbon_intensity_lifecycle_gco2e_per_kwh,
    round(energy.direct_gco2e_per_kwh, 3) as flat_load_carbon_intensity_direct_gco2e_per_kwh,
    {{ emissions_tco2e('energy.electricity_gwh', 'energy.lifecycle_gco2e_per_kwh') }}
        as emissions_lifecycle_tco2e,
    {{ emissions_tco2e('energy.electricity_gwh', 'energy.direct_gco2e_per_kwh') }}
        as emissions_direct_tco2e,
    round(energy.low_carbon_share_frac, 5) as low_carbon_share_frac,
    published.carbon_intensity_gco2e_per_kwh as yearly_carbon_intensity_lifecycle_gco2e_per_kwh,
    {{ emissions_tco2e('energy.electricity_gwh', 'published.carbon_intensity_gco2e_per_kwh') }}
        as emissions_at_yearly_average_lifecycle_tco2e,
    round(energy.lifecycle_gco2e_per_kwh / published.carbon_intensity_gco2e_per_kwh, 5)
        as flat_load_to_yearly_ratio,
    energy.hours_count = {{ hours_in_year('energy.year') }} as is_full_year,
    energy.source_id,
    published.source_id as yearly_source_id
from energy
left join published
    on energy.geography_code = published.geography_code and energy.year = published.year
