-- AI's and data centres' share of electricity demand and their emissions, by geography, year
-- and scenario. Data centres: the harmonised series. AI: data centres x AI's share of them
-- (scenario knobs; the published shares are global, so every geography gets the same one).
-- Demand: Ember's, or for Ireland the CSO's metered consumption (the same meter as its
-- data-centre series); after the last year held, projected by the most specific cited
-- source, which demand_growth_basis names: the publisher's own projection of the
-- geography's demand (RTE's trajectories for France, their midpoint: 490 TWh in 2030, 542.5 in
-- 2035; grown towards each, the last growth held after), else the geography's own rate knob,
-- else its group's (the EU's for a member), else the world's, said so in the row. Carbon
-- intensity: the grid mart's primary series, the last year held for later years. Low and
-- high: the data-centre range where published (else the central value) times the low and
-- high AI shares.
{%- set extra_geographies = var('demand_share_extra_geographies', ['FRA']) %}
{%- set extra_list = "'" ~ extra_geographies | join("', '") ~ "'" %}
with dc as (
    select * from {{ ref('fct_dc__yearly_harmonised_electricity') }}
),

-- geographies shown for their demand and grid although no data-centre estimate is published
extra_geographies as (
    select geography_code
    from {{ ref('dim_geography') }}
    where geography_code in ({{ extra_list }})
    except
    select geography_code from dc
),

extra as (
    select
        extra_geographies.geography_code,
        world.year,
        world.scenario,
        cast(null as {{ dbt.type_string() }}) as source_id,
        world.estimate_kind,
        cast(null as boolean) as is_interpolated,
        cast(null as {{ dbt.type_float() }}) as electricity_low_twh,
        cast(null as {{ dbt.type_float() }}) as electricity_twh,
        cast(null as {{ dbt.type_float() }}) as electricity_high_twh
    from dc as world
    cross join extra_geographies
    where world.geography_code = 'WORLD'
),

spine as (
    select
        geography_code,
        year,
        scenario,
        source_id,
        estimate_kind,
        is_interpolated,
        electricity_low_twh,
        electricity_twh,
        electricity_high_twh
    from dc
    union all
    select * from extra
),

assumptions as (
    select * from {{ ref('int_ai__scenario_assumptions') }}
),

build_assumptions as (
    select min(case when value = default_value then 1 else 0 end) = 1 as is_default_assumptions
    from assumptions
),

metered_demand as (
    select
        geography_code,
        year,
        {{ exact_sum('electricity_gwh') }} / {{ unit_factor('TWh', 'GWh') }} as demand_twh,
        'publisher_consumption' as demand_basis,
        source_id
    from {{ ref('stg_cso__mec02') }}
    where category = 'all_metered'
    group by geography_code, year, source_id
    having count(*) = 4
),

grid as (
    select * from {{ ref('fct_grid__yearly_carbon_intensity') }}
),

actual_demand as (
    select * from metered_demand
    union all
    select
        grid.geography_code,
        grid.year,
        grid.demand_twh,
        'ember_demand' as demand_basis,
        grid.source_id
    from grid
    where
        grid.source_id = {{ source_id('ember', 'country_yearly') }}
        and grid.demand_twh is not null
        and not exists (
            select 1 from metered_demand
            where metered_demand.geography_code = grid.geography_code
        )
),

last_demand as (
    select
        actual_demand.*,
        row_number() over (
            partition by actual_demand.geography_code order by actual_demand.year desc
        ) as recency
    from actual_demand
),

-- a publisher's own projections of a geography's demand after its last actual year (RTE's
-- trajectories for France, curated): the midpoint of its trajectories in each year it gives
demand_projections as (
    select
        projections.geography_code,
        projections.year,
        avg(projections.value) as demand_twh,
        {{ dbt.listagg('projections.figure_id', "', '", 'order by projections.figure_id') }}
            as figure_ids
    from {{ ref('stg_curated__dc_electricity_estimates') }} as projections
    inner join last_demand as latest
        on projections.geography_code = latest.geography_code and latest.recency = 1
    where
        projections.metric = 'electricity_demand'
        and projections.is_projection
        and projections.value is not null
        and latest.year < projections.year
    group by projections.geography_code, projections.year
),

-- the path through them: from the last actual year to each projected year in turn, at the
-- constant growth that joins two points; after the last, that last growth held
projection_points as (
    select
        latest.geography_code,
        latest.year,
        latest.demand_twh,
        cast(null as {{ dbt.type_string() }}) as figure_ids
    from last_demand as latest
    where
        latest.recency = 1
        and latest.geography_code in (
            select projected.geography_code from demand_projections as projected
        )
    union all
    select
        geography_code,
        year,
        demand_twh,
        figure_ids
    from demand_projections
),

projection_segments as (
    select
        geography_code,
        year as from_year,
        demand_twh as from_twh,
        figure_ids,
        lead(year) over (partition by geography_code order by year) as to_year,
        lead(figure_ids) over (partition by geography_code order by year) as to_figure_ids,
        power(
            lead(demand_twh) over (partition by geography_code order by year) / demand_twh,
            1.0 / (lead(year) over (partition by geography_code order by year) - year)
        )
        - 1 as growth_frac_per_yr
    from projection_points
),

projection_paths as (
    select
        geography_code,
        from_year,
        from_twh,
        to_year,
        coalesce(to_figure_ids, figure_ids) as figure_ids,
        coalesce(
            growth_frac_per_yr,
            lag(growth_frac_per_yr) over (partition by geography_code order by from_year)
        ) as growth_frac_per_yr
    from projection_segments
),

-- the rate knob of a group the geography belongs to (the EU's for its members)
group_rates as (
    select
        membership.member_code as geography_code,
        rates.assumption,
        rates.value,
        row_number() over (
            partition by membership.member_code order by membership.group_code
        ) as group_rank
    from {{ ref('dim_geography_membership') }} as membership
    inner join assumptions as rates
        on rates.quantity = 'demand_growth' and membership.group_code = rates.geography_code
),

demand_growth as (
    select
        spine_geographies.geography_code,
        case
            when own.assumption is not null then 'geography_rate'
            when grouped.assumption is not null then 'group_rate'
            else 'world_rate_no_cited_rate'
        end as basis,
        coalesce(own.assumption, grouped.assumption, world.assumption) as assumption,
        coalesce(own.value, grouped.value, world.value) as growth_frac_per_yr
    from (select distinct geography_code from spine) as spine_geographies
    inner join assumptions as world
        on world.quantity = 'demand_growth' and world.geography_code = 'WORLD'
    left join assumptions as own
        on
            own.quantity = 'demand_growth'
            and spine_geographies.geography_code = own.geography_code
    left join group_rates as grouped
        on spine_geographies.geography_code = grouped.geography_code and grouped.group_rank = 1
),

intensity as (
    select
        geography_code,
        year,
        carbon_intensity_gco2e_per_kwh,
        source_id,
        row_number() over (partition by geography_code order by year desc) as recency
    from grid
    where is_primary
),

joined as (
    select
        spine.*,
        shares.ai_share_of_dc_low_frac,
        shares.ai_share_of_dc_frac,
        shares.ai_share_of_dc_high_frac,
        case
            when actual.demand_twh is not null then actual.demand_twh
            when path.geography_code is not null
                then
                    path.from_twh
                    * power(1 + path.growth_frac_per_yr, spine.year - path.from_year)
            when spine.year > latest.year
                then
                    latest.demand_twh
                    * power(1 + demand_growth.growth_frac_per_yr, spine.year - latest.year)
        end as demand_twh,
        case
            when actual.demand_twh is not null then actual.demand_basis
            when spine.year > latest.year then 'projected'
            else 'not_available'
        end as demand_basis,
        coalesce(actual.source_id, latest.source_id) as demand_source_id,
        case
            when actual.demand_twh is null and spine.year > latest.year
                then coalesce(path.figure_ids, demand_growth.assumption)
        end as demand_growth_assumption,
        case
            when actual.demand_twh is null and path.geography_code is not null
                then 'publisher_projection'
            when actual.demand_twh is null and spine.year > latest.year
                then demand_growth.basis
        end as demand_growth_basis,
        case
            when actual.demand_twh is null and spine.year > latest.year
                then coalesce(path.growth_frac_per_yr, demand_growth.growth_frac_per_yr)
        end as demand_growth_frac_per_yr,
        coalesce(same_year.carbon_intensity_gco2e_per_kwh, held.carbon_intensity_gco2e_per_kwh)
            as carbon_intensity_gco2e_per_kwh,
        coalesce(same_year.year, held.year) as carbon_intensity_year,
        coalesce(same_year.source_id, held.source_id) as carbon_intensity_source_id,
        build_assumptions.is_default_assumptions
    from spine
    cross join build_assumptions
    left join {{ ref('int_ai__share_of_dc_by_year') }} as shares
        on spine.year = shares.year
    left join actual_demand as actual
        on spine.geography_code = actual.geography_code and spine.year = actual.year
    left join last_demand as latest
        on spine.geography_code = latest.geography_code and latest.recency = 1
    left join demand_growth
        on spine.geography_code = demand_growth.geography_code
    left join projection_paths as path
        on
            spine.geography_code = path.geography_code
            and spine.year > path.from_year
            and (spine.year <= path.to_year or path.to_year is null)
    left join intensity as same_year
        on spine.geography_code = same_year.geography_code and spine.year = same_year.year
    left join intensity as held
        on
            spine.geography_code = held.geography_code
            and held.recency = 1
            and spine.year > held.year
),

with_ai as (
    select
        *,
        round(coalesce(electricity_low_twh, electricity_twh) * ai_share_of_dc_low_frac, 3)
            as ai_electricity_low_twh,
        round(electricity_twh * ai_share_of_dc_frac, 3) as ai_electricity_twh,
        round(coalesce(electricity_high_twh, electricity_twh) * ai_share_of_dc_high_frac, 3)
            as ai_electricity_high_twh
    from joined
)

select
    geography_code,
    year,
    scenario,
    coalesce(source_id, demand_source_id) as source_id,
    estimate_kind,
    is_interpolated as is_dc_interpolated,
    electricity_low_twh as dc_electricity_low_twh,
    electricity_twh as dc_electricity_twh,
    electricity_high_twh as dc_electricity_high_twh,
    ai_share_of_dc_low_frac,
    ai_share_of_dc_frac,
    ai_share_of_dc_high_frac,
    ai_electricity_low_twh,
    ai_electricity_twh,
    ai_electricity_high_twh,
    round(demand_twh, 3) as demand_twh,
    demand_basis,
    demand_basis = 'projected' as is_demand_projected,
    demand_growth_assumption,
    demand_growth_basis,
    demand_growth_frac_per_yr,
    demand_source_id,
    round(electricity_twh / demand_twh, 6) as dc_share_of_demand_frac,
    round(ai_electricity_twh / demand_twh, 6) as ai_share_of_demand_frac,
    carbon_intensity_gco2e_per_kwh,
    carbon_intensity_year,
    carbon_intensity_year < year as is_intensity_held,
    carbon_intensity_source_id,
    {{ emissions_mtco2e('coalesce(electricity_low_twh, electricity_twh)',
                        'carbon_intensity_gco2e_per_kwh') }} as dc_emissions_low_mtco2e,
    {{ emissions_mtco2e('electricity_twh', 'carbon_intensity_gco2e_per_kwh') }}
        as dc_emissions_mtco2e,
    {{ emissions_mtco2e('coalesce(electricity_high_twh, electricity_twh)',
                        'carbon_intensity_gco2e_per_kwh') }} as dc_emissions_high_mtco2e,
    {{ emissions_mtco2e('ai_electricity_low_twh', 'carbon_intensity_gco2e_per_kwh') }}
        as ai_emissions_low_mtco2e,
    {{ emissions_mtco2e('ai_electricity_twh', 'carbon_intensity_gco2e_per_kwh') }}
        as ai_emissions_mtco2e,
    {{ emissions_mtco2e('ai_electricity_high_twh', 'carbon_intensity_gco2e_per_kwh') }}
        as ai_emissions_high_mtco2e,
    is_default_assumptions
from with_ai
