-- Every fuel of seeds/fuels.csv has a lifecycle and a direct factor, except EIA's mixed
-- column (wind_biomass_geothermal), whose factor is computed from its parts. Without this, a
-- fuel missing a factor would drop out of an intensity's numerator. Returns the gaps.
with scopes as (
    select 'lifecycle' as scope
    union all
    select 'direct' as scope
)

select
    fuels.fuel,
    scopes.scope
from {{ ref('fuels') }} as fuels
cross join scopes
left join {{ ref('emission_factors') }} as factors
    on fuels.fuel = factors.fuel and scopes.scope = factors.scope
where factors.fuel is null and fuels.fuel <> 'wind_biomass_geothermal'
