-- eGRID2022's CO2 total output emission rate for the US and its 27 subregions, in the
-- warehouse's unit (lb/MWh x 0.45359237 = g/kWh; seeds/unit_conversions.csv). Subregions get
-- the codes EGRID_<acronym> (seeds/geography_grid_regions.csv); the US row is USA.
select
    case when region = 'US' then 'USA' else {{ dbt.concat(["'EGRID_'", "region"]) }} end
        as geography_code,
    region as published_region,
    cast(year as {{ dbt.type_int() }}) as year,
    co2_lb_per_mwh,
    co2_lb_per_mwh * {{ unit_factor('lb/MWh', 'g/kWh') }} as carbon_intensity_gco2_per_kwh,
    {{ source_id('egrid', 'subregion_co2_rates') }} as source_id
from {{ source('egrid', 'subregion_co2_rates') }}
