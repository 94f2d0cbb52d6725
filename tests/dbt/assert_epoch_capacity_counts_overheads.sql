-- The bottom-up mart applies no PUE by default (seeds/ai_scenario_assumptions.csv:
-- bottom_up_pue_ratio = 1) because Epoch's calculated capacity already counts the overheads
-- beyond the chips: 1.427 kW per 700-W H100 SXM (x 1.82 for the server, as an 8-GPU DGX H100
-- draws 10.2 kW, and x 1.12 on top). Should Epoch ever calculate the chips' or the servers'
-- power alone (0.7 or 1.27 kW), that default would undercount: this fails below 1.35 kW.
select
    name,
    name_seq,
    calculated_power_capacity_mw * 1000 / chip_quantity_primary as kw_per_chip
from {{ ref('stg_epoch__gpu_clusters') }}
where
    chip_type_primary = 'NVIDIA H100 SXM5 80GB'
    and chip_quantity_primary > 0
    and calculated_power_capacity_mw * 1000 / chip_quantity_primary < 1.35
