-- A fuel's direct (combustion) factor is part of its lifecycle factor, so it cannot exceed
-- it. Returns the fuels where it does.
select
    direct.fuel,
    direct.emission_factor_gco2e_per_kwh as direct_gco2e_per_kwh,
    lifecycle.emission_factor_gco2e_per_kwh as lifecycle_gco2e_per_kwh
from {{ ref('emission_factors') }} as direct
inner join {{ ref('emission_factors') }} as lifecycle
    on direct.fuel = lifecycle.fuel
where
    direct.scope = 'direct'
    and lifecycle.scope = 'lifecycle'
    and direct.emission_factor_gco2e_per_kwh > lifecycle.emission_factor_gco2e_per_kwh
