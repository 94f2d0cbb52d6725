-- Ember's 27 EU members against its EU aggregate (EU27), in every year and in the months
-- where all 27 report. Demand adds up: within 0.1 % a year (exact in the 2025 data) and 0.5 %
-- a month (members' months are revised separately; largest gap 0.3 %). Intensity is per kWh
-- generated, so the members' demand-weighted mean only approximates the aggregate (a net
-- exporter such as France is under-weighted): within 6 % a year (largest 4.5 %, 2024) and
-- 8 % a month (largest 7.0 %). Returns the periods outside these bounds.
with periods as (
    select
        geography_code,
        year,
        0 as month,
        demand_twh,
        carbon_intensity_gco2e_per_kwh
    from {{ ref('stg_ember__country_yearly') }}
    union all
    select
        geography_code,
        year,
        month,
        demand_twh,
        carbon_intensity_gco2e_per_kwh
    from {{ ref('stg_ember__country_monthly') }}
),

members as (
    select
        periods.year,
        periods.month,
        count(*) as members_count,
        sum(periods.demand_twh) as demand_twh,
        sum(periods.demand_twh * periods.carbon_intensity_gco2e_per_kwh)
        / sum(periods.demand_twh) as carbon_intensity_gco2e_per_kwh
    from periods
    inner join {{ ref('geography_memberships') }} as memberships
        on periods.geography_code = memberships.member_code
    where memberships.group_code = 'EU27'
    group by periods.year, periods.month
),

compared as (
    select
        eu.year,
        eu.month,
        members.demand_twh / eu.demand_twh - 1 as demand_gap_frac,
        members.carbon_intensity_gco2e_per_kwh / eu.carbon_intensity_gco2e_per_kwh
        - 1 as intensity_gap_frac
    from periods as eu
    inner join members
        on eu.year = members.year and eu.month = members.month
    where eu.geography_code = 'EU27' and members.members_count = 27
)

select *
from compared
where
    (month = 0 and (abs(demand_gap_frac) > 0.001 or abs(intensity_gap_frac) > 0.06))
    or (month > 0 and (abs(demand_gap_frac) > 0.005 or abs(intensity_gap_frac) > 0.08))
