-- Electricity Maps' yearly zone averages, one row per zone and year, with the zone's geography
-- code: a country zone (ISO alpha-2) becomes its ISO alpha-3 code; a zone that is an ISO
-- 3166-2 subdivision in the seed (US-AK, US-HI) keeps that code; a US balancing authority
-- (US-<region>-<BA>) becomes EIA's BA code; any other zone (bidding zones, regional grids,
-- islands) is ELECTRICITYMAPS_<zone key>, which must be in seeds/geography_grid_regions.csv.
-- Percentages become 0-1 shares.
with zones as (
    select * from {{ source('electricitymaps', 'zone_yearly') }}
),

countries as (
    select
        geography_code,
        iso2_code
    from {{ ref('geography_iso3166') }}
    where geography_type = 'country'
),

subdivisions as (
    select geography_code
    from {{ ref('geography_iso3166') }}
    where geography_type = 'subdivision'
),

balancing_authorities as (
    select geography_code
    from {{ ref('geography_grid_regions') }}
    where geography_type = 'balancing_authority'
)

select
    case
        when zones.zone_key not like '%-%' then countries.geography_code
        when subdivisions.geography_code is not null then subdivisions.geography_code
        when balancing_authorities.geography_code is not null
            then balancing_authorities.geography_code
        else {{ dbt.concat(["'ELECTRICITYMAPS_'", "zones.zone_key"]) }}
    end as geography_code,
    zones.zone_key,
    zones.zone_name as publisher_geography_name,
    cast(zones.year as {{ dbt.type_int() }}) as year,
    zones.carbon_intensity_gco2e_per_kwh,
    zones.carbon_intensity_unit,
    zones.renewable_pct * {{ unit_factor('%', 'frac') }} as renewable_share_frac,
    zones.carbon_free_pct * {{ unit_factor('%', 'frac') }} as low_carbon_share_frac,
    zones.renewable_unit,
    zones.carbon_free_unit,
    {{ source_id('electricitymaps', 'zone_yearly') }} as source_id
from zones
left join countries
    on zones.zone_key = countries.iso2_code
left join subdivisions
    on zones.zone_key = subdivisions.geography_code
left join balancing_authorities
    on
        zones.zone_key like 'US-%-%'
        and {{ dbt.split_part('zones.zone_key', "'-'", 3) }} = balancing_authorities.geography_code
