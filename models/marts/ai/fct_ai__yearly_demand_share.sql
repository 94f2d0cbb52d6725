-- AI's and data centres' share of electricity demand and their emissions, by geography, year
-- and scenario. Data centres: the harmonised series. AI: data centres x AI's share of them
-- (scenario knobs; the published shares are global, so every geography gets the world's,
-- which ai_share_basis says). Demand, which demand_basis names for each row: a publisher's
-- own consumption where the landed series has the year (Ireland: the CSO's metered
-- consumption, the meter of its data-centre series; France: RTE's gross consumption, grid
-- losses included), else Ember's demand (France after RTE's last landed year: said in
-- demand_basis_note, never extrapolated), else, for an aggregate Ember has no row for (the
-- EU-28), its members' Ember demand summed in the years Ember has them all. After the last
-- year held, demand is projected by the most specific cited source, which
-- demand_growth_basis names: the publisher's own projection of the geography's demand (RTE's
-- trajectories for France, their midpoints: 490 TWh in 2030, 542.5 in 2035; grown from the
-- last year of the publisher's own series towards each, the last growth held after), else
-- the geography's own rate knob, else a group's it belongs to (the EU's for a member), else
-- the rate of a group it contains (the EU-27's for the EU-28), else the world's, said so.
-- Carbon intensity: the grid mart's primary series, its method and scope named, the last
-- year held for later years. Low and high: the data-centre range where published (else the
-- central value) times the low and high AI shares.
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

-- every geography's demand in the years a source gives it, on the basis it is taken
actual_demand as (
    select * from {{ ref('int_grid__yearly_demand_by_basis') }}
),

publisher_last as (
    select
        geography_code,
        max(year) as year,
        max(source_id) as source_id
    from actual_demand
    where is_publisher_series
    group by geography_code
),

grid as (
    select * from {{ ref('fct_grid__yearly_carbon_intensity') }}
),

membership as (
    select * from {{ ref('dim_geography_membership') }}
),

group_sizes as (
    select
        group_code,
        count(*) as members_count
    from membership
    group by group_code
),

ranked_demand as (
    select
        actual_demand.*,
        row_number() over (
            partition by actual_demand.geography_code order by actual_demand.year desc
        ) as recency,
        -- a publisher's projection grows its own series: the last year of that series first
        row_number() over (
            partition by actual_demand.geography_code
            order by
                case when actual_demand.is_publisher_series then 0 else 1 end,
                actual_demand.year desc
        ) as base_rank
    from actual_demand
),

-- a publisher's own projections of a geography's demand after the last year of the series
-- they grow (RTE's trajectories for France, curated): the midpoint of its trajectories in
-- each year it gives
demand_projections as (
    select
        projections.geography_code,
        projections.year,
        avg(projections.value) as demand_twh,
        {{ dbt.listagg('projections.figure_id', "', '", 'order by projections.figure_id') }}
            as figure_ids
    from {{ ref('stg_curated__dc_electricity_estimates') }} as projections
    inner join ranked_demand as base
        on projections.geography_code = base.geography_code and base.base_rank = 1
    where
        projections.metric = 'electricity_demand'
        and projections.is_projection
        and projections.value is not null
        and base.year < projections.year
    group by projections.geography_code, projections.year
),

-- the path through them: from the base year to each projected year in turn, at the constant
-- growth that joins two points; after the last, that last growth held
projection_points as (
    select
        base.geography_code,
        base.year,
        base.demand_twh,
        cast(null as {{ dbt.type_string() }}) as figure_ids
    from ranked_demand as base
    where
        base.base_rank = 1
        and base.geography_code in (
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

demand_rates as (
    select * from assumptions
    where quantity = 'demand_growth'
),

-- the rate of a group the geography belongs to (the EU's for its members)
group_rates as (
    select
        membership.member_code as geography_code,
        rates.assumption,
        rates.figure_id,
        rates.value,
        row_number() over (
            partition by membership.member_code order by membership.group_code
        ) as group_rank
    from membership
    inner join demand_rates as rates
        on membership.group_code = rates.geography_code
),

-- the rate of a group whose every member the geography holds (the EU-27 in the EU-28)
contained_rates as (
    select
        outer_groups.group_code as geography_code,
        rates.assumption,
        rates.figure_id,
        rates.value,
        row_number() over (
            partition by outer_groups.group_code order by rates.geography_code
        ) as group_rank
    from membership as inner_groups
    inner join membership as outer_groups
        on
            inner_groups.member_code = outer_groups.member_code
            and inner_groups.group_code <> outer_groups.group_code
    inner join group_sizes
        on inner_groups.group_code = group_sizes.group_code
    inner join demand_rates as rates
        on inner_groups.group_code = rates.geography_code
    group by
        outer_groups.group_code,
        rates.geography_code,
        rates.assumption,
        rates.figure_id,
        rates.value,
        group_sizes.members_count
    having count(*) = group_sizes.members_count
),

demand_growth as (
    select
        spine_geographies.geography_code,
        case
            when own.assumption is not null then 'geography_rate'
            when grouped.assumption is not null then 'group_rate'
            when contained.assumption is not null then 'contained_group_rate'
            else 'world_rate_no_cited_rate'
        end as basis,
        coalesce(own.assumption, grouped.assumption, contained.assumption, world.assumption)
            as assumption,
        coalesce(own.figure_id, grouped.figure_id, contained.figure_id, world.figure_id)
            as figure_id,
        coalesce(own.value, grouped.value, contained.value, world.value) as growth_frac_per_yr
    from (select distinct geography_code from spine) as spine_geographies
    inner join demand_rates as world
        on world.geography_code = 'WORLD'
    left join demand_rates as own
        on spine_geographies.geography_code = own.geography_code
    left join group_rates as grouped
        on spine_geographies.geography_code = grouped.geography_code and grouped.group_rank = 1
    left join contained_rates as contained
        on
            spine_geographies.geography_code = contained.geography_code
            and contained.group_rank = 1
),

intensity as (
    select
        geography_code,
        year,
        carbon_intensity_gco2e_per_kwh,
        method,
        emission_scope,
        source_id,
        row_number() over (partition by geography_code order by year desc) as recency
    from grid
    where is_primary
),

joined as (
    select
        spine.*,
        geographies.geography_type,
        shares.ai_share_geography_code,
        shares.ai_share_of_dc_low_frac,
        shares.ai_share_of_dc_frac,
        shares.ai_share_of_dc_high_frac,
        actual.demand_twh as actual_demand_twh,
        actual.demand_basis as actual_demand_basis,
        publisher_last.year as publisher_last_year,
        publisher_last.source_id as publisher_last_source_id,
        publisher_last.geography_code is not null and spine.year > publisher_last.year
            as is_after_publisher_series,
        path.geography_code is not null as is_on_path,
        base.year as base_year,
        base.source_id as base_source_id,
        latest.year as latest_year,
        latest.source_id as latest_source_id,
        demand_growth.basis as growth_basis,
        demand_growth.assumption as growth_assumption,
        demand_growth.figure_id as growth_figure_id,
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
        case
            when actual.demand_twh is not null then actual.source_id
            when path.geography_code is not null then base.source_id
            else latest.source_id
        end as demand_source_id,
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
        coalesce(same_year.method, held.method) as carbon_intensity_method,
        coalesce(same_year.emission_scope, held.emission_scope) as emission_scope,
        coalesce(same_year.source_id, held.source_id) as carbon_intensity_source_id,
        build_assumptions.is_default_assumptions
    from spine
    cross join build_assumptions
    left join {{ ref('dim_geography') }} as geographies
        on spine.geography_code = geographies.geography_code
    left join {{ ref('int_ai__share_of_dc_by_year') }} as shares
        on spine.year = shares.year
    left join actual_demand as actual
        on spine.geography_code = actual.geography_code and spine.year = actual.year
    left join ranked_demand as latest
        on spine.geography_code = latest.geography_code and latest.recency = 1
    left join ranked_demand as base
        on spine.geography_code = base.geography_code and base.base_rank = 1
    left join publisher_last
        on spine.geography_code = publisher_last.geography_code
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

-- what the demand figure is, in words, where its basis alone does not say it
noted as (
    select
        *,
        case
            when demand_basis = 'gross_consumption_incl_losses'
                then 'RTE''s gross consumption (consommation brute), grid losses included'
            when demand_basis = 'metered_consumption'
                then 'the CSO''s metered consumption, the meter of the data-centre series'
            when demand_basis = 'ember_demand' and is_after_publisher_series
                then {{ dbt.concat([
                    "publisher_last_source_id", "' ends in '",
                    "cast(publisher_last_year as " ~ dbt.type_string() ~ ")",
                    "': Ember''s demand, a wider boundary (no growth from that year)'",
                ]) }}
            when demand_basis = 'ember_demand'
                then 'Ember''s demand (generation plus net imports): grid losses included'
            when demand_basis = 'ember_demand_members_summed'
                then 'no Ember row for this aggregate: its members'' Ember demand summed'
            when demand_basis = 'projected' and is_on_path
                then {{ dbt.concat([
                    "'grown from '", "base_source_id", "' '",
                    "cast(base_year as " ~ dbt.type_string() ~ ")",
                    "' towards the publisher''s projection ('", "demand_growth_assumption", "')'",
                ]) }}
            when demand_basis = 'projected'
                then {{ dbt.concat([
                    "'grown from '", "latest_source_id", "' '",
                    "cast(latest_year as " ~ dbt.type_string() ~ ")",
                    "' at '", "growth_assumption",
                    "' ('", "coalesce(growth_figure_id, 'no figure')", "', '", "growth_basis", "')'",
                ]) }}
            when geography_type = 'region'
                then 'no denominator: the publisher does not list the region''s members'
            else 'no demand for this geography in the landed sources'
        end as demand_basis_note
    from joined
),

with_ai as (
    select
        *,
        round(coalesce(electricity_low_twh, electricity_twh) * ai_share_of_dc_low_frac, 3)
            as ai_electricity_low_twh,
        round(electricity_twh * ai_share_of_dc_frac, 3) as ai_electricity_twh,
        round(coalesce(electricity_high_twh, electricity_twh) * ai_share_of_dc_high_frac, 3)
            as ai_electricity_high_twh
    from noted
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
    case
        when ai_share_of_dc_frac is null then null
        when ai_share_geography_code = geography_code then 'geography_share'
        else 'world_share_applied'
    end as ai_share_basis,
    ai_electricity_low_twh,
    ai_electricity_twh,
    ai_electricity_high_twh,
    round(demand_twh, 3) as demand_twh,
    demand_basis,
    demand_basis_note,
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
    carbon_intensity_method,
    emission_scope,
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
