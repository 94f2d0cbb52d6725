-- Which countries make up each aggregate: treaty memberships from the seed, and publisher
-- regions as the publisher tags them.
select
    group_code,
    member_code,
    from_year,
    citation as membership_source
from {{ ref('geography_memberships') }}
union all
select
    group_code,
    member_code,
    cast(null as {{ dbt.type_int() }}) as from_year,
    membership_source
from {{ ref('int_geography__ember_region_members') }}
