-- IRENA's installed capacity at year end on the warehouse's names and units: one row per
-- country, sub-technology, producer type and year, in GW, with IRENA's technology mapped to
-- the warehouse's technology names (an unmapped technology is null and fails a test).
select
    country_code as geography_code,
    country as publisher_geography_name,
    cast(year as {{ dbt.type_int() }}) as year,
    case technology
        when 'Coal and peat' then 'coal'
        when 'Natural gas' then 'natural_gas'
        when 'Oil' then 'oil'
        when 'Fossil fuels n.e.s.' then 'other_fossil'
        when 'Nuclear' then 'nuclear'
        when 'Pumped storage' then 'pumped_storage'
        when 'Other non-renewable energy' then 'other_non_renewable'
        when 'Solar photovoltaic' then 'solar_pv'
        when 'Solar thermal energy' then 'solar_thermal'
        when 'Onshore wind energy' then 'onshore_wind'
        when 'Offshore wind energy' then 'offshore_wind'
        when 'Renewable hydropower' then 'hydropower'
        when 'Mixed Hydro Plants' then 'mixed_hydro'
        when 'Marine energy' then 'marine'
        when 'Geothermal energy' then 'geothermal'
        when 'Solid biofuels' then 'solid_biofuels'
        when 'Liquid biofuels' then 'liquid_biofuels'
        when 'Biogas' then 'biogas'
        when 'Renewable municipal waste' then 'renewable_municipal_waste'
    end as technology,
    technology as publisher_technology,
    sub_technology as publisher_sub_technology,
    producer_type,
    re_or_non_re = 'Total Renewable' as is_renewable,
    installed_capacity_mw / 1000 as capacity_gw,
    {{ source_id('irena', 'capacity_country') }} as source_id
from {{ source('irena', 'capacity_country') }}
