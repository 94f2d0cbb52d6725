-- Ember's regions (Africa, Asia, Europe, ...) are defined by Ember, not by treaty: their
-- members are the countries Ember tags with each region in its country data.
with tagged as (
    select distinct
        geography_code as member_code,
        ember_region
    from {{ ref('stg_ember__country_yearly') }}
    where ember_region is not null
),

aliases as (
    select
        alias,
        geography_code
    from {{ ref('geography_aliases') }}
    where publisher = 'ember'
)

select
    aliases.geography_code as group_code,
    tagged.member_code,
    'ember.country_yearly' as membership_source
from tagged
inner join aliases on tagged.ember_region = aliases.alias
