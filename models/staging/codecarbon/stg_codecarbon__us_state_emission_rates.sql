-- eGRID2023 state emission rates as CodeCarbon ships them, converted from lb/MWh to
-- gCO2e/kWh with the unit_conversions seed; CodeCarbon's national row ('usa') is the US.
with rates as (
    select * from {{ source('codecarbon', 'us_state_emission_rates') }}
),

aliases as (
    select
        alias,
        geography_code
    from {{ ref('geography_aliases') }}
    where publisher = 'codecarbon'
),

conversion as (
    select factor
    from {{ ref('unit_conversions') }}
    where from_unit = 'lb/MWh' and to_unit = 'g/kWh'
)

select
    coalesce(aliases.geography_code, {{ dbt.concat(["'US-'", "rates.state_code"]) }})
        as geography_code,
    rates.state_name as publisher_geography_name,
    cast(rates.year as {{ dbt.type_int() }}) as year,
    rates.co2e_rate_lb_per_mwh,
    rates.co2e_rate_lb_per_mwh * conversion.factor as carbon_intensity_gco2e_per_kwh,
    {{ source_id('codecarbon', 'us_state_emission_rates') }} as source_id
from rates
cross join conversion
left join aliases
    on rates.state_code = aliases.alias
