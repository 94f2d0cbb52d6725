-- EIA's Monthly Energy Review Table 11.6: CO2 of the US electric power sector by fuel, one
-- row per series (MSN) and period (annual, or a month), in Mt CO2 with the warehouse's fuel
-- names. 'Not Available' periods stay empty.
select
    'USA' as geography_code,
    msn as published_series,
    case msn
        when 'CLEIEUS' then 'coal'
        when 'NNEIEUS' then 'gas'
        when 'PAEIEUS' then 'oil'
        when 'DKEIEUS' then 'oil_distillate'
        when 'PCEIEUS' then 'oil_petroleum_coke'
        when 'RFEIEUS' then 'oil_residual'
        when 'GEEIEUS' then 'geothermal'
        when 'NWEIEUS' then 'non_biomass_waste'
        when 'TXEIEUS' then 'total'
    end as fuel,
    period_type,
    cast(year as {{ dbt.type_int() }}) as year,
    cast(month as {{ dbt.type_int() }}) as month,
    co2_mt as co2_mtco2,
    {{ source_id('eia_mer_co2', 'power_sector_co2') }} as source_id
from {{ source('eia_mer_co2', 'power_sector_co2') }}
