-- The Lower 48's hourly intensity, averaged over each full year (weighted by generation),
-- against the yearly US intensity computed from EIA's Monthly Energy Review with the same
-- factors (utility-scale, as EIA-930 is), in both scopes. Tolerance 4 %: EIA-930 is what
-- balancing authorities report hour by hour, not the plant survey the Review totals; it
-- leaves out Alaska and Hawaii; and its 'other' fuel takes the factor of unknown fuel.
-- Largest gaps: 1.3 % lifecycle and 2.5 % direct (2020). Returns the years further apart.
with hourly_years as (
    select
        cast(extract(year from datetime_utc) as {{ dbt.type_int() }}) as year,
        count(*) as hours_count,
        sum(generation_mwh * carbon_intensity_lifecycle_gco2e_per_kwh) / sum(generation_mwh)
            as lifecycle_gco2e_per_kwh,
        sum(generation_mwh * carbon_intensity_direct_gco2e_per_kwh) / sum(generation_mwh)
            as direct_gco2e_per_kwh
    from {{ ref('fct_grid__hourly_carbon_intensity') }}
    group by cast(extract(year from datetime_utc) as {{ dbt.type_int() }})
),

yearly as (
    select
        year,
        max(case when method = 'lifecycle_production' then carbon_intensity_gco2e_per_kwh end)
            as lifecycle_gco2e_per_kwh,
        max(
            case
                when method = 'direct_production_generic_factors'
                    then carbon_intensity_gco2e_per_kwh
            end
        ) as direct_gco2e_per_kwh
    from {{ ref('fct_grid__yearly_carbon_intensity') }}
    where geography_code = 'USA' and source_id = {{ source_id('eia_mer', 'net_generation') }}
    group by year
)

select
    hourly_years.year,
    hourly_years.lifecycle_gco2e_per_kwh as hourly_lifecycle_gco2e_per_kwh,
    yearly.lifecycle_gco2e_per_kwh as yearly_lifecycle_gco2e_per_kwh,
    hourly_years.direct_gco2e_per_kwh as hourly_direct_gco2e_per_kwh,
    yearly.direct_gco2e_per_kwh as yearly_direct_gco2e_per_kwh
from hourly_years
inner join yearly on hourly_years.year = yearly.year
where
    hourly_years.hours_count >= 0.99 * {{ hours_in_year('hourly_years.year') }}
    and (
        abs(hourly_years.lifecycle_gco2e_per_kwh / yearly.lifecycle_gco2e_per_kwh - 1) > 0.04
        or abs(hourly_years.direct_gco2e_per_kwh / yearly.direct_gco2e_per_kwh - 1) > 0.04
    )
