-- EIA's list of balancing authorities (September 2019), one row per BA code. Its codes are
-- checked against dim_geography, whose BA rows (seeds/geography_grid_regions.csv) are the
-- codes the warehouse uses.
select
    ba_code as geography_code,
    ba_name,
    time_zone,
    region as eia_region,
    {{ source_id('eia930_ruggles', 'balancing_authorities') }} as source_id
from {{ source('eia930_ruggles', 'balancing_authorities') }}
