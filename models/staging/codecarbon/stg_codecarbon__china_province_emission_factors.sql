-- The official 2023 provincial electricity CO2 factors (MEE/NBS) as CodeCarbon ships them.
select
    province_code as geography_code,
    province_name as publisher_geography_name,
    cast(year as {{ dbt.type_int() }}) as year,
    emission_factor_gco2_per_kwh,
    source_url,
    {{ source_id('codecarbon', 'china_province_emission_factors') }} as source_id
from {{ source('codecarbon', 'china_province_emission_factors') }}
