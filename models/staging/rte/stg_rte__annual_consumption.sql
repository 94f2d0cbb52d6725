-- France's annual consumption as RTE publishes it through ODRÉ, on the warehouse's names and in
-- TWh: one row per year. Gross consumption counts grid losses (as Ember's demand does); the
-- weather-corrected series is RTE's like-for-like year-to-year comparison. The status says
-- whether RTE may still revise the year.
select
    'FRA' as geography_code,
    cast(year as {{ dbt.type_int() }}) as year,
    electricity_gross_gwh * {{ unit_factor('GWh', 'TWh') }} as consumption_gross_twh,
    electricity_weather_corrected_gwh * {{ unit_factor('GWh', 'TWh') }}
        as consumption_weather_corrected_twh,
    case electricity_status
        when 'Définitif' then 'final'
        when 'Consolidé' then 'consolidated'
        when 'Provisoire' then 'provisional'
    end as data_status,
    gas_total_gwh_pcs * {{ unit_factor('GWh', 'TWh') }} as gas_consumption_hhv_twh,
    {{ source_id('rte', 'annual_consumption') }} as source_id
from {{ source('rte', 'annual_consumption') }}
