-- IRENA's per-technology capacity adds up to its national total: every country-year's total
-- and renewable + non-renewable rows in the mart equal the sum of IRENA's rows (all
-- sub-technologies and both producer types) straight from staging, and the world equals the
-- sum of countries. Tolerance 1e-6 GW: only floating-point summation order differs.
with irena as (
    select
        geography_code,
        year,
        sum(capacity_gw) as irena_total_gw
    from {{ ref('stg_irena__capacity_country') }}
    group by geography_code, year
),

irena_with_world as (
    select * from irena
    union all
    select
        'WORLD' as geography_code,
        year,
        sum(irena_total_gw) as irena_total_gw
    from irena
    group by year
),

mart as (
    select
        geography_code,
        year,
        sum(case when technology = 'total' then capacity_gw end) as total_gw,
        sum(case when technology in ('renewable', 'non_renewable') then capacity_gw end)
            as split_gw,
        sum(
            case when technology not in ('renewable', 'non_renewable', 'total') then capacity_gw end
        )
            as technologies_gw
    from {{ ref('fct_capacity__yearly_additions') }}
    group by geography_code, year
)

select
    irena_with_world.geography_code,
    irena_with_world.year,
    irena_with_world.irena_total_gw,
    mart.total_gw,
    mart.split_gw,
    mart.technologies_gw
from irena_with_world
left join mart
    on
        irena_with_world.geography_code = mart.geography_code
        and irena_with_world.year = mart.year
where
    mart.total_gw is null
    or abs(mart.total_gw - irena_with_world.irena_total_gw) > 1e-6
    or abs(mart.split_gw - irena_with_world.irena_total_gw) > 1e-6
    or abs(mart.technologies_gw - irena_with_world.irena_total_gw) > 1e-6
