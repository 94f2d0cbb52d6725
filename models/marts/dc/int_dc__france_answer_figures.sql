-- The French figures of the French reader's answer (fct_dc__yearly_france_answer, whose
-- header lists the parts): parts 1-9, every estimate of French data-centre electricity now,
-- its share of French demand, the publishers' own shares, AI within it, French demand and
-- RTE's trajectories, the projections and their shares, the growth share and the emissions.
-- One row per number, in the mart's columns (macro answer_row).
{%- set facility_scopes =
    "('data_centres', 'data_centres_and_server_rooms', 'operators_surveyed')" %}
{%- set str = dbt.type_string() %}
with cited as (
    {{ cited_demand_shares() }}
),

france as (
    select * from cited
    where geography_code = 'FRA'
),

france_shown as (
    select * from france
    where is_answer_year
),

last_history as (
    select max(last_history_year) as last_year from france
),

intensities as (
    select * from {{ ref('fct_grid__yearly_carbon_intensity') }}
    where is_primary
),

estimates as (
    select * from {{ ref('fct_dc__yearly_electricity') }}
    where geography_code = 'FRA' and data_centre_type = 'total'
),

curated as (
    select * from {{ ref('stg_curated__dc_electricity_estimates') }}
    where geography_code = 'FRA'
),

demand as (
    select * from {{ ref('int_grid__yearly_demand_by_basis') }}
),

-- RTE's trajectories in each year they give: their range and figures
trajectories as (
    select
        year,
        min(value) as demand_low_twh,
        max(value) as demand_high_twh,
        {{ dbt.listagg('figure_id', "', '", 'order by figure_id') }} as figure_ids,
        max(source_id) as source_id
    from curated
    where metric = 'electricity_demand' and is_projection
    group by year
),

load_now as (
    select
        {{ answer_row(1, 'load_now', {
                        'measure': "'dc_electricity'", 'value': 'electricity_twh',
            'value_low': 'electricity_low_twh', 'value_high': 'electricity_high_twh',
            'unit': "'TWh'", 'scope': 'scope', 'estimate_kind': 'estimate_kind',
            'is_primary': 'is_primary', 'publisher': 'publisher', 'figure_id': 'figure_id',
            'source_id': 'source_id',
            'note': "case scope
                when 'data_centres' then 'data centres on French territory'
                when 'data_centres_and_server_rooms'
                    then 'data centres and other buildings'' server rooms on French territory'
                when 'operators_surveyed' then 'only the operators the regulator surveyed'
                when 'digital_use_incl_abroad'
                    then 'French digital use wherever served, abroad included: never add it'
            end",
        }) }}
    from estimates
    where scenario = 'historical'
    union all
    select
        {{ answer_row(1, 'load_now', {
                        'measure': 'metric', 'value': 'value', 'value_low': 'value_low',
            'value_high': 'value_high', 'unit': 'unit', 'scope': 'scope',
            'estimate_kind': "'modelled_history'", 'is_primary': 'false',
            'publisher': 'publisher', 'figure_id': 'figure_id', 'source_id': 'source_id',
            'note': "'power (GW), not energy: the data centres'' cumulated power'",
        }) }}
    from curated
    where metric = 'dc_capacity' and not is_projection
),

share_of_demand as (
    select
        {{ answer_row(2, 'share_of_demand', {
            'geography_code': 'load_now.geography_code', 'year': 'load_now.year',
            'scenario': 'load_now.scenario', 'measure': "'dc_share_of_demand'",
            'value': 'round(load_now.value / demand.demand_twh, 6)',
            'value_low': 'round(load_now.value_low / demand.demand_twh, 6)',
            'value_high': 'round(load_now.value_high / demand.demand_twh, 6)',
            'unit': "'frac'", 'scope': 'load_now.scope',
            'estimate_kind': 'load_now.estimate_kind', 'is_primary': 'load_now.is_primary',
            'publisher': 'load_now.publisher', 'figure_id': 'load_now.figure_id',
            'source_id': 'load_now.source_id', 'basis': 'demand.demand_basis',
            'basis_source_id': 'demand.source_id',
            'note': dbt.concat([
                "'over French demand of '",
                "cast(round(demand.demand_twh, 1) as " ~ str ~ ")",
                "' TWh ('",
                "case demand.demand_basis when 'gross_consumption_incl_losses' "
                ~ "then 'RTE''s gross consumption, grid losses included' "
                ~ "else 'Ember''s demand: RTE''s landed series ends before this year' end",
                "')'",
            ]),
        }) }}
    from load_now
    inner join demand
        on load_now.geography_code = demand.geography_code and load_now.year = demand.year
    where
        load_now.measure = 'dc_electricity'
        and load_now.scope in {{ facility_scopes }}  -- use abroad is not French demand
),

published_share as (
    select
        {{ answer_row(3, 'published_share', {
            'geography_code': 'curated.geography_code', 'year': 'curated.year',
            'scenario': 'curated.scenario', 'measure': "'dc_share_of_demand'",
            'value': 'curated.value', 'value_low': 'curated.value_low',
            'value_high': 'curated.value_high', 'unit': 'curated.unit',
            'scope': 'curated.scope', 'estimate_kind': "'modelled_history'",
            'is_primary': 'false', 'publisher': 'curated.publisher',
            'figure_id': 'curated.figure_id', 'source_id': 'curated.source_id',
            'basis': 'curated.unit_published',
            'note': dbt.concat([
                "'reconciliation '", "checks.check_id", "': '", "checks.verdict",
                "coalesce(" ~ dbt.concat(["' ('", "checks.reason", "')'"]) ~ ", '')",
            ]),
        }) }}
    from curated
    left join {{ ref('fct_reconciliation__publisher_headlines') }} as checks
        on curated.figure_id = checks.figure_id
    where curated.metric = 'dc_share_of_electricity_demand'
),

ai_load as (
    {%- for measure, value, low, high, unit in [
        ('ai_electricity', 'ai_electricity_twh', 'ai_electricity_low_twh',
         'ai_electricity_high_twh', "'TWh'"),
        ('ai_share_of_demand', 'ai_share_of_demand_frac', 'null', 'null', "'frac'"),
    ] %}
        select
            {{ answer_row(4, 'ai_load', {
                'measure': "'" ~ measure ~ "'",
                'value': 'france_shown.' ~ value, 'value_low': low, 'value_high': high,
                'unit': unit, 'estimate_kind': 'france_shown.estimate_kind',
                'basis': 'france_shown.ai_share_basis',
                'note': dbt.concat([
                    "'the primary series times AI''s share of data centres, '",
                    "cast(france_shown.ai_share_of_dc_frac as " ~ str ~ ")",
                    "' ('", "cast(france_shown.ai_share_of_dc_low_frac as " ~ str ~ ")",
                    "'-'", "cast(france_shown.ai_share_of_dc_high_frac as " ~ str ~ ")",
                    "'): the world''s share, no French AI figure is published'",
                ]),
            }, primary='france_shown') }}
        from france_shown
        where france_shown.ai_electricity_twh is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

demand_rows as (
    select
        {{ answer_row(5, 'demand', {
            'geography_code': 'demand.geography_code', 'year': 'demand.year',
            'scenario': "'historical'", 'measure': "'electricity_demand'",
            'value': 'demand.demand_twh', 'unit': "'TWh'", 'source_id': 'demand.source_id',
            'basis': 'demand.demand_basis', 'basis_source_id': 'demand.source_id',
            'note': "case demand.demand_basis
                when 'gross_consumption_incl_losses'
                    then 'RTE''s gross consumption: grid losses included'
                else 'Ember''s demand (generation plus net imports): wider than RTE''s'
            end",
        }) }}
    from demand
    cross join last_history
    where
        demand.geography_code = 'FRA'
        and demand.year between last_history.last_year - 2 and last_history.last_year
    union all
    select
        {{ answer_row(5, 'demand', {
                        'measure': "'electricity_demand'", 'value': 'value', 'unit': 'unit',
            'publisher': 'publisher', 'figure_id': 'figure_id', 'source_id': 'source_id',
            'basis': "'publisher_projection'", 'basis_source_id': 'source_id',
            'note': 'scenario_published',
        }) }}
    from curated
    where metric = 'electricity_demand' and is_projection
),

projection as (
    select
        {{ answer_row(6, 'projection', {
            'measure': "'dc_electricity'",
            'value': 'france.dc_electricity_twh', 'value_low': 'france.dc_electricity_low_twh',
            'value_high': 'france.dc_electricity_high_twh', 'unit': "'TWh'",
            'estimate_kind': "'projection'",
            'note': "case when france.is_dc_interpolated
                then 'the primary series between its published years (no figure this year)'
                else 'the primary series as published'
            end",
        }, primary='france') }}
    from france
    where france.year in (2030, 2035) and france.dc_electricity_twh is not null
    union all
    select
        {{ answer_row(6, 'projection', {
                        'measure': "'dc_electricity'", 'value': 'electricity_twh',
            'value_low': 'electricity_low_twh', 'value_high': 'electricity_high_twh',
            'unit': "'TWh'", 'scope': 'scope', 'estimate_kind': 'estimate_kind',
            'is_primary': 'is_primary', 'publisher': 'publisher', 'figure_id': 'figure_id',
            'source_id': 'source_id',
            'note': "'another scope than the primary series: do not add the two'",
        }) }}
    from estimates
    where scenario <> 'historical' and not is_primary
    union all
    select
        {{ answer_row(6, 'projection', {
                        'measure': 'metric', 'value': 'value', 'value_low': 'value_low',
            'value_high': 'value_high', 'unit': 'unit', 'scope': 'scope',
            'estimate_kind': "'projection'", 'is_primary': 'false', 'publisher': 'publisher',
            'figure_id': 'figure_id', 'source_id': 'source_id',
            'note': "'power (GW), not energy; low and high are RTE''s two trajectories'",
        }) }}
    from curated
    where metric = 'dc_power_demand' and is_projection
),

projected_share as (
    select
        {{ answer_row(7, 'projected_share', {
            'measure': "'dc_share_of_demand'",
            'value': 'france.dc_share_of_demand_frac',
            'value_low': 'round(france.dc_electricity_twh / trajectories.demand_high_twh, 6)',
            'value_high': 'round(france.dc_electricity_twh / trajectories.demand_low_twh, 6)',
            'unit': "'frac'", 'estimate_kind': "'projection'",
            'basis': 'france.demand_growth_basis', 'basis_source_id': 'trajectories.source_id',
            'note': dbt.concat([
                "'over the midpoint of RTE''s trajectories (low: over the fast one, high: the "
                ~ "slow; '", "trajectories.figure_ids", "')'",
            ]),
        }, primary='france') }}
    from france
    inner join trajectories
        on france.year = trajectories.year
    where france.dc_electricity_twh is not null
),

-- the primary series' growth from its last historical year to RTE's last projected year,
-- over RTE's demand growth from the last year of RTE's own series
growth_base as (
    select
        demand.*,
        row_number() over (order by demand.year desc) as recency
    from demand
    where demand.geography_code = 'FRA' and demand.is_publisher_series
),

last_trajectory as (
    select max(year) as year from trajectories
),

growth_share as (
    {%- set growth = '(later.dc_electricity_twh - now_.dc_electricity_twh)' %}
    select
        {{ answer_row(8, 'growth_share', {
            'measure': "'dc_share_of_demand_growth'",
            'value': 'round(' ~ growth ~ ' / ((trajectories.demand_low_twh'
                ~ ' + trajectories.demand_high_twh) / 2 - base.demand_twh), 6)',
            'value_low': 'round(' ~ growth
                ~ ' / (trajectories.demand_high_twh - base.demand_twh), 6)',
            'value_high': 'round(' ~ growth
                ~ ' / (trajectories.demand_low_twh - base.demand_twh), 6)',
            'unit': "'frac'", 'estimate_kind': "'projection'",
            'figure_id': 'trajectories.figure_ids', 'basis': "'publisher_projection'",
            'basis_source_id': 'base.source_id',
            'note': dbt.concat([
                "'data-centre growth from '", "cast(now_.year as " ~ str ~ ")",
                "' over the growth of RTE''s demand from its last landed year ('",
                "cast(base.year as " ~ str ~ ")",
                "'): low over the fast trajectory, high over the slow'",
            ]),
        }, primary='later') }}
    from france as later
    cross join last_history
    inner join france as now_
        on last_history.last_year = now_.year and now_.scenario = 'historical'
    inner join trajectories
        on later.year = trajectories.year
    inner join growth_base as base
        on base.recency = 1
    inner join last_trajectory
        on later.year = last_trajectory.year
),

emissions as (
    select
        {{ answer_row(9, 'emissions', {
            'measure': "'dc_emissions'",
            'value': 'france_shown.dc_emissions_mtco2e',
            'value_low': 'france_shown.dc_emissions_low_mtco2e',
            'value_high': 'france_shown.dc_emissions_high_mtco2e', 'unit': "'MtCO2e'",
            'estimate_kind': 'france_shown.estimate_kind',
            'basis': 'france_shown.carbon_intensity_method',
            'basis_source_id': 'france_shown.carbon_intensity_source_id',
            'emission_scope': 'france_shown.emission_scope',
            'note': dbt.concat([
                "'the primary series at France''s '",
                "cast(france_shown.carbon_intensity_year as " ~ str ~ ")",
                "' intensity, '",
                "cast(france_shown.carbon_intensity_gco2e_per_kwh as " ~ str ~ ")",
                "' gCO2e/kWh'",
                "case when france_shown.is_intensity_held "
                ~ "then ' (held: intensities are not projected)' else '' end",
            ]),
        }, primary='france_shown') }}
    from france_shown
    where france_shown.dc_emissions_mtco2e is not null
    union all
    select
        {{ answer_row(9, 'emissions', {
            'geography_code': 'load_now.geography_code', 'year': 'load_now.year',
            'scenario': 'load_now.scenario', 'measure': "'dc_emissions'",
            'value': emissions_mtco2e('load_now.value', 'grids.carbon_intensity_gco2e_per_kwh'),
            'value_low': emissions_mtco2e(
                'load_now.value_low', 'grids.carbon_intensity_gco2e_per_kwh'),
            'value_high': emissions_mtco2e(
                'load_now.value_high', 'grids.carbon_intensity_gco2e_per_kwh'),
            'unit': "'MtCO2e'", 'scope': 'load_now.scope',
            'estimate_kind': 'load_now.estimate_kind', 'is_primary': 'load_now.is_primary',
            'publisher': 'load_now.publisher', 'figure_id': 'load_now.figure_id',
            'source_id': 'load_now.source_id', 'basis': 'grids.method',
            'basis_source_id': 'grids.source_id', 'emission_scope': 'grids.emission_scope',
            'note': dbt.concat([
                "'this estimate at France''s '", "cast(grids.year as " ~ str ~ ")",
                "' intensity, '", "cast(grids.carbon_intensity_gco2e_per_kwh as " ~ str ~ ")",
                "' gCO2e/kWh'",
            ]),
        }) }}
    from load_now
    inner join intensities as grids
        on load_now.geography_code = grids.geography_code and load_now.year = grids.year
    where
        load_now.measure = 'dc_electricity'
        and not load_now.is_primary
        and load_now.scope in {{ facility_scopes }}
)

{%- for part in ['load_now', 'share_of_demand', 'published_share', 'ai_load', 'demand_rows',
                 'projection', 'projected_share', 'growth_share', 'emissions'] %}

    select * from {{ part }}
    {%- if not loop.last %}
        union all
    {%- endif %}
{%- endfor %}
