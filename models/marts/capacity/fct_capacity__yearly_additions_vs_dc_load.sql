-- Per geography and year: the capacity a country or region added, net of retirements
-- (IRENA, fct_capacity__yearly_additions), set against the growth of its data centres'
-- average load (fct_dc__yearly_harmonised_electricity, historical series). Only where both
-- marts cover the geography and year.
with dc_load as (
    select
        geography_code,
        year,
        average_load_gw,
        is_interpolated,
        source_id,
        lag(year) over (partition by geography_code order by year asc nulls last) as previous_year,
        lag(average_load_gw) over (
            partition by geography_code order by year asc nulls last
        ) as previous_average_load_gw
    from {{ ref('fct_dc__yearly_harmonised_electricity') }}
    where scenario = 'historical'
),

capacity as (
    select
        geography_code,
        year,
        max(case when technology = 'total' then net_additions_gw end) as net_additions_gw,
        max(case when technology = 'renewable' then net_additions_gw end)
            as renewable_net_additions_gw,
        max(source_id) as source_id
    from {{ ref('fct_capacity__yearly_additions') }}
    where technology in ('total', 'renewable')
    group by geography_code, year
),

joined as (
    select
        capacity.geography_code,
        capacity.year,
        capacity.net_additions_gw,
        capacity.renewable_net_additions_gw,
        dc_load.average_load_gw as dc_average_load_gw,
        -- a growth only between consecutive years
        case
            when dc_load.previous_year = dc_load.year - 1
                then dc_load.average_load_gw - dc_load.previous_average_load_gw
        end as dc_average_load_growth_gw,
        dc_load.is_interpolated as is_dc_load_interpolated,
        capacity.source_id,
        dc_load.source_id as dc_source_id
    from capacity
    inner join dc_load
        on capacity.geography_code = dc_load.geography_code and capacity.year = dc_load.year
)

select
    geography_code,
    year,
    net_additions_gw,
    renewable_net_additions_gw,
    dc_average_load_gw,
    dc_average_load_growth_gw,
    case
        when net_additions_gw > 0 then dc_average_load_growth_gw / net_additions_gw
    end as dc_load_growth_to_net_additions_ratio,
    is_dc_load_interpolated,
    source_id,
    dc_source_id
from joined
