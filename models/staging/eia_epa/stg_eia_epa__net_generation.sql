-- EIA's Electric Power Annual Table 3.1.A: US net generation (all sectors) by energy source,
-- one row per source and period (annual totals, or a month of 2022-2024), each source mapped
-- to the warehouse's fuel and role (generation_fuels seed): EIA's small-scale solar estimate
-- is 'distributed' (outside the utility-scale total), its solar totals are subtotals.
{{ stg_eia_us_generation(source('eia_epa', 'net_generation'), 'energy_source') }}
