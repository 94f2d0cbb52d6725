-- Every geography the warehouse knows: ISO countries and subdivisions, aggregates and
-- publisher regions, balancing authorities and grid regions. Members of aggregates are in
-- dim_geography_membership.
select
    geography_code,
    geography_name,
    geography_type,
    parent_code,
    iso2_code,
    cast(null as {{ dbt.type_string() }}) as definition,
    citation
from {{ ref('geography_iso3166') }}
union all
select
    geography_code,
    geography_name,
    geography_type,
    parent_code,
    cast(null as {{ dbt.type_string() }}) as iso2_code,
    definition,
    citation
from (
    select * from {{ ref('geography_aggregates') }}
    union all
    select * from {{ ref('geography_grid_regions') }}
) as defined_codes
