-- The comparisons of the French reader's answer (fct_dc__yearly_france_answer, whose header
-- lists the parts): parts 10-13, France's data-centre load on other grids, a 100 MW data
-- centre hour by hour on five grids, France's grid, and the headline numbers of the other
-- European geographies beside France's. One row per number (macro answer_row).
{%- set str = dbt.type_string() %}
with shares as (
    {{ cited_demand_shares() }}
),

-- France's rows an answer shows, and its last historical year with a data-centre figure
france_shown as (
    select * from shares
    where geography_code = 'FRA' and is_answer_year
),

last_history as (
    select max(last_history_year) as last_year from shares
    where geography_code = 'FRA'
),

grid_years as (
    select * from {{ ref('fct_grid__yearly_carbon_intensity') }}
    where is_primary
),

-- France's load of its last historical year on other grids, at each one's primary intensity
-- of that year (or the latest before it)
elsewhere as (
    select
        grid_years.*,
        row_number() over (
            partition by grid_years.geography_code order by grid_years.year desc
        ) as recency
    from grid_years
    cross join last_history
    where
        grid_years.geography_code in ('FRA', 'DEU', 'IRL', 'PJM')
        and grid_years.year <= last_history.last_year
),

same_load_elsewhere as (
    select
        {{ answer_row(10, 'same_load_elsewhere', {
            'geography_code': 'grids.geography_code', 'year': 'france_shown.year',
            'scenario': 'france_shown.scenario', 'measure': "'dc_emissions'",
            'value': emissions_mtco2e(
                'france_shown.dc_electricity_twh', 'grids.carbon_intensity_gco2e_per_kwh'),
            'unit': "'MtCO2e'", 'estimate_kind': 'france_shown.estimate_kind',
            'basis': 'grids.method',
            'basis_source_id': 'grids.source_id', 'emission_scope': 'grids.emission_scope',
            'note': dbt.concat([
                "'France''s '", "cast(france_shown.dc_electricity_twh as " ~ str ~ ")",
                "' TWh at this grid''s '", "cast(grids.year as " ~ str ~ ")",
                "' intensity, '", "cast(grids.carbon_intensity_gco2e_per_kwh as " ~ str ~ ")",
                "' gCO2e/kWh ('", "grids.method", "')'",
            ]),
        }, primary='france_shown') }}
    from france_shown
    inner join elsewhere as grids
        on grids.recency = 1
    where france_shown.scenario = 'historical'
),

flat_loads as (
    select * from {{ ref('fct_grid__yearly_flat_load_emissions') }}
),

flat_load_years as (
    select
        year,
        max(electricity_gwh) as electricity_gwh
    from flat_loads
    group by year
),

flat_load_100mw as (
    {%- for scope in ['lifecycle', 'direct'] %}
        select
            {{ answer_row(11, 'flat_load_100mw', {
                'geography_code': 'geography_code', 'year': 'year', 'scenario': "'historical'",
                'measure': "'flat_load_emissions'", 'value': 'emissions_' ~ scope ~ '_tco2e',
                'unit': "'tCO2e'", 'source_id': 'source_id',
                'basis': "'hourly_consumption_flat_load'", 'basis_source_id': 'source_id',
                'emission_scope': "'" ~ scope ~ "'",
                'note': dbt.concat([
                    "'100 MW every hour of the year ('",
                    "cast(electricity_gwh as " ~ str ~ ")",
                    "' GWh) at each hour''s consumption-based intensity'",
                ]),
            }) }}
        from flat_loads
        union all
    {%- endfor %}
    select
        {{ answer_row(11, 'flat_load_100mw', {
            'geography_code': 'grid_years.geography_code', 'year': 'grid_years.year',
            'scenario': "'historical'", 'measure': "'flat_load_emissions'",
            'value': emissions_tco2e(
                'flat_load.electricity_gwh', 'grid_years.carbon_intensity_gco2e_per_kwh'),
            'unit': "'tCO2e'", 'source_id': 'grid_years.source_id',
            'basis': 'grid_years.method', 'basis_source_id': 'grid_years.source_id',
            'emission_scope': 'grid_years.emission_scope',
            'note': "'no hourly series landed for Ireland: the same load at its yearly intensity'",
        }) }}
    from grid_years
    inner join flat_load_years as flat_load
        on grid_years.year = flat_load.year
    where grid_years.geography_code = 'IRL'
),

grid as (
    {%- for measure, value, unit, note in [
        ('carbon_intensity', 'carbon_intensity_gco2e_per_kwh', 'gCO2e/kWh',
         "France''s primary yearly intensity"),
        ('low_carbon_share', 'low_carbon_share_frac', 'frac',
         'share of low-carbon sources in the electricity consumed'),
    ] %}
        select
            {{ answer_row(12, 'grid', {
                'geography_code': 'grids.geography_code', 'year': 'grids.year',
                'scenario': "'historical'", 'measure': "'" ~ measure ~ "'",
                'value': 'grids.' ~ value, 'unit': "'" ~ unit ~ "'",
                'source_id': 'grids.source_id', 'basis': 'grids.method',
                'basis_source_id': 'grids.source_id',
                'emission_scope': 'grids.emission_scope' if measure == 'carbon_intensity'
                    else 'null',
                'note': "'" ~ note ~ "'",
            }) }}
        from {{ ref('fct_grid__yearly_carbon_intensity') }} as grids
        cross join last_history
        where
            grids.geography_code = 'FRA'
            and grids.year between last_history.last_year - 2 and last_history.last_year
            {%- if measure == 'carbon_intensity' %}
                and grids.is_primary
            {%- else %}
                and grids.low_carbon_share_frac is not null
            {%- endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- the European geographies: their last historical year with a data-centre figure, and 2030
europe_years as (
    select
        geography_code,
        max(year) as year
    from shares
    where
        geography_code in ('FRA', 'DEU', 'NLD', 'IRL', 'EU27', 'EU28', 'IEA_EUROPE')
        and scenario = 'historical'
        and dc_electricity_twh is not null
    group by geography_code
),

europe as (
    select shares.*
    from shares
    inner join europe_years
        on
            shares.geography_code = europe_years.geography_code
            and (
                (shares.year = europe_years.year and shares.scenario = 'historical')
                or (shares.year = 2030 and shares.scenario <> 'historical')
            )
    where shares.dc_electricity_twh is not null
),

europe_beside as (
    {%- for measure, value, unit, basis, basis_source, emission_scope, note in [
        ('dc_electricity', 'dc_electricity_twh', 'TWh', 'null', 'null', 'null',
         "case when is_dc_interpolated
             then 'the primary series between its published years'
             else 'the primary series as published' end"),
        ('dc_share_of_demand', 'dc_share_of_demand_frac', 'frac', 'demand_basis',
         'demand_source_id', 'null', 'demand_basis_note'),
        ('dc_emissions', 'dc_emissions_mtco2e', 'MtCO2e', 'carbon_intensity_method',
         'carbon_intensity_source_id', 'emission_scope',
         "case when carbon_intensity_method is null
             then 'no primary yearly intensity for this geography' end"),
    ] %}
        select
            {{ answer_row(13, 'europe_beside', {
                                'measure': "'" ~ measure ~ "'", 'value': value, 'unit': "'" ~ unit ~ "'",
                'scope': 'primary_scope', 'estimate_kind': 'estimate_kind',
                'is_primary': 'true', 'publisher': 'primary_publisher',
                'figure_id': 'figure_id', 'source_id': 'source_id', 'basis': basis,
                'basis_source_id': basis_source, 'emission_scope': emission_scope,
                'note': note,
            }) }}
        from europe
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

{%- for part in ['same_load_elsewhere', 'flat_load_100mw', 'grid', 'europe_beside'] %}
    select * from {{ part }}
    {%- if not loop.last %}
        union all
    {%- endif %}
{%- endfor %}
