-- GSF's SCI intensity is WattTime's marginal intensity rounded to the gram, which is why the
-- cloud mart keeps only the marginal column: they must agree within 0.5 gCO2e/kWh.
select
    cloud_provider,
    cloud_region,
    year,
    source_id
from (
    select * from {{ ref('stg_gsf__cloud_region_yearly') }}
    union all
    select * from {{ ref('stg_gsf__cloud_region_yearly_estimate') }}
) as gsf
where
    abs(
        sci_grid_carbon_intensity_gco2e_per_kwh
        - grid_carbon_intensity_marginal_consumption_annual_gco2e_per_kwh
    )
    > 0.5
    or (
        sci_grid_carbon_intensity_gco2e_per_kwh is not null
        and grid_carbon_intensity_marginal_consumption_annual_gco2e_per_kwh is null
    )
