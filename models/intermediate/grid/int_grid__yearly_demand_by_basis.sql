-- Each geography's electricity demand in every year a landed source gives it, one row per
-- geography and year, on the basis demand_basis names: a publisher's own consumption series
-- in the years it has (the CSO's metered consumption for Ireland, the meter of its
-- data-centre series; RTE's gross consumption for France, grid losses included), else
-- Ember's demand (generation plus net imports, losses included), else, for an aggregate Ember
-- publishes no row for (the EU-28), its members' Ember demand summed in the years Ember has
-- every member. Nothing is extrapolated: a year no source gives has no row.
with metered as (
    select
        geography_code,
        year,
        {{ exact_sum('electricity_gwh') }} / {{ unit_factor('TWh', 'GWh') }} as demand_twh,
        'metered_consumption' as demand_basis,
        source_id
    from {{ ref('stg_cso__mec02') }}
    where category = 'all_metered'
    group by geography_code, year, source_id
    having count(*) = 4  -- a year still being published is not a year's consumption
),

publisher as (
    select * from metered
    union all
    select
        geography_code,
        year,
        consumption_gross_twh as demand_twh,
        'gross_consumption_incl_losses' as demand_basis,
        source_id
    from {{ ref('stg_rte__annual_consumption') }}
),

ember as (
    select
        geography_code,
        year,
        demand_twh,
        source_id
    from {{ ref('stg_ember__country_yearly') }}
    where demand_twh is not null
),

memberships as (
    select
        group_code,
        member_code
    from {{ ref('geography_memberships') }}
),

group_sizes as (
    select
        group_code,
        count(*) as members_count
    from memberships
    group by group_code
),

member_sums as (
    select
        memberships.group_code as geography_code,
        ember.year,
        {{ exact_sum('ember.demand_twh') }} as demand_twh,
        min(ember.source_id) as source_id,
        count(*) as members_count
    from memberships
    inner join ember
        on memberships.member_code = ember.geography_code
    where
        not exists (
            select 1 from ember as own
            where own.geography_code = memberships.group_code
        )
    group by memberships.group_code, ember.year
)

select
    geography_code,
    year,
    demand_twh,
    demand_basis,
    true as is_publisher_series,
    source_id
from publisher

union all

select
    ember.geography_code,
    ember.year,
    ember.demand_twh,
    'ember_demand' as demand_basis,
    false as is_publisher_series,
    ember.source_id
from ember
where
    not exists (
        select 1 from publisher
        where publisher.geography_code = ember.geography_code and publisher.year = ember.year
    )

union all

select
    member_sums.geography_code,
    member_sums.year,
    member_sums.demand_twh,
    'ember_demand_members_summed' as demand_basis,
    false as is_publisher_series,
    member_sums.source_id
from member_sums
inner join group_sizes
    on
        member_sums.geography_code = group_sizes.group_code
        and member_sums.members_count = group_sizes.members_count
