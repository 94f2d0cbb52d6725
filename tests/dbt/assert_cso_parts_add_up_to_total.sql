-- Ireland's data centres plus other customers make the CSO's total metered consumption.
-- Tolerance 1 GWh a quarter: the CSO rounds each value to a whole GWh on its own (parts and
-- total differ by 1 GWh in 13 of 40 quarters).
with quarters as (
    select
        quarter,
        sum(case when category = 'all_metered' then electricity_gwh end) as total_gwh,
        sum(case when category <> 'all_metered' then electricity_gwh end) as parts_gwh
    from {{ ref('stg_cso__mec02') }}
    group by quarter
)

select *
from quarters
where abs(total_gwh - parts_gwh) > 1
