-- Ireland's metered electricity consumption by quarter (CSO MEC02), on the warehouse's names:
-- one row per quarter and category (data centres, other customers, all metered), in GWh.
select
    'IRL' as geography_code,
    quarter,
    cast(year as {{ dbt.type_int() }}) as year,
    cast(quarter_of_year as {{ dbt.type_int() }}) as quarter_of_year,
    case category_code
        when '-' then 'all_metered'
        when '10' then 'data_centres'
        when '20' then 'other_customers'
    end as category,
    consumption_gwh as electricity_gwh,
    {{ source_id('cso', 'mec02') }} as source_id
from {{ source('cso', 'mec02') }}
