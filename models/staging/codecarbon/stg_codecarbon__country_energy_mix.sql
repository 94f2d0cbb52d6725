-- CodeCarbon's compilation of OWID/Ember's electricity mix: one row per country, for the
-- one year CodeCarbon kept for it (mostly 2022 or 2023).
select
    country_code as geography_code,
    country_name as publisher_geography_name,
    cast(year as {{ dbt.type_int() }}) as year,
    total_twh as generation_twh,
    coal_twh,
    gas_twh,
    oil_twh,
    nuclear_twh,
    hydroelectricity_twh,
    solar_twh,
    wind_twh,
    biofuel_twh,
    other_renewable_twh,
    other_renewable_exc_biofuel_twh,
    fossil_twh,
    renewables_twh,
    low_carbon_twh,
    carbon_intensity_gco2e_per_kwh,
    generation_per_capita_kwh,
    {{ source_id('codecarbon', 'country_energy_mix') }} as source_id
from {{ source('codecarbon', 'country_energy_mix') }}
