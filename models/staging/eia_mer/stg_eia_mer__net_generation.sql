-- EIA's Monthly Energy Review Table 7.2a: US net generation (all sectors) by source, one row
-- per series (MSN) and period (annual, or a month), each series mapped to the warehouse's fuel
-- (generation_fuels seed). 'Not Available' periods stay empty.
{{ stg_eia_us_generation(source('eia_mer', 'net_generation'), 'msn') }}
