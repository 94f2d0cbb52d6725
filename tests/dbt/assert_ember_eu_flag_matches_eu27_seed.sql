-- Reconciliation: the countries Ember flags as EU members in 2024 are exactly the EU-27 of
-- the memberships seed. Returns the countries on one side only.
with ember_eu as (
    select geography_code
    from {{ ref('stg_ember__country_yearly') }}
    where is_eu_member and year = 2024
),

seed_eu as (
    select member_code as geography_code
    from {{ ref('geography_memberships') }}
    where group_code = 'EU27'
)

select coalesce(ember_eu.geography_code, seed_eu.geography_code) as geography_code
from ember_eu
full outer join seed_eu on ember_eu.geography_code = seed_eu.geography_code
where ember_eu.geography_code is null or seed_eu.geography_code is null
