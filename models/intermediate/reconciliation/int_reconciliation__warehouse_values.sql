-- The warehouse's own numbers that publishers' headlines can be recomputed from, in one long
-- shape: one row per measure, geography, year and series (a publication, a scenario, a
-- method and source, a technology, a company's report edition and metric), with the value,
-- its range where the rows give one, and the raw table it comes from. The reconciliation
-- seed picks from these by name; nothing here is specific to one headline.
with dc_estimates as (
    select
        'dc_electricity_twh' as measure,
        geography_code,
        year,
        coalesce(figure_id, {{ dbt.concat(["source_id", "':'", "scenario"]) }}) as series,
        electricity_twh as value,
        electricity_low_twh as value_low,
        electricity_high_twh as value_high,
        source_id
    from {{ ref('fct_dc__yearly_electricity') }}
    where data_centre_type = 'total'  -- the annex's split by type is not a headline's
),

demand_share as (
    select * from {{ ref('fct_ai__yearly_demand_share') }}
),

-- the same demand sits on every scenario's row of a year
demand as (
    select distinct
        'demand_twh' as measure,
        geography_code,
        year,
        demand_basis as series,
        demand_twh as value,
        cast(null as double) as value_low,
        cast(null as double) as value_high,
        demand_source_id as source_id
    from demand_share
    where demand_twh is not null
),

-- a publisher's own consumption in every year it gives (RTE's: gross, losses included, and
-- weather-corrected), also where the demand-share mart has no row for the year
consumption as (
    {%- for column, series in [
        ('consumption_gross_twh', 'gross'),
        ('consumption_weather_corrected_twh', 'weather_corrected'),
    ] %}
        select
            'consumption_twh' as measure,
            geography_code,
            year,
            {{ dbt.concat(["source_id", "':" ~ series ~ "'"]) }} as series,
            {{ column }} as value,
            cast(null as double) as value_low,
            cast(null as double) as value_high,
            source_id
        from {{ ref('stg_rte__annual_consumption') }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

dc_shares as (
    select
        'dc_share_of_demand_frac' as measure,
        geography_code,
        year,
        scenario as series,
        dc_share_of_demand_frac as value,
        dc_electricity_low_twh / demand_twh as value_low,
        dc_electricity_high_twh / demand_twh as value_high,
        source_id
    from demand_share
    where dc_share_of_demand_frac is not null
),

grid as (
    select * from {{ ref('fct_grid__yearly_carbon_intensity') }}
),

intensities as (
    select
        'carbon_intensity_gco2e_per_kwh' as measure,
        geography_code,
        year,
        {{ dbt.concat(["method", "':'", "source_id"]) }} as series,
        carbon_intensity_gco2e_per_kwh as value,
        cast(null as double) as value_low,
        cast(null as double) as value_high,
        source_id
    from grid
    union all
    select
        'carbon_intensity_gco2e_per_kwh' as measure,
        geography_code,
        year,
        {{ dbt.concat(["'primary_in_scope:'", "emission_scope"]) }} as series,
        carbon_intensity_gco2e_per_kwh as value,
        cast(null as double) as value_low,
        cast(null as double) as value_high,
        source_id
    from grid
    where is_primary_in_scope
),

power_sector_co2 as (
    select
        'power_sector_co2_mtco2' as measure,
        geography_code,
        year,
        source_id as series,
        co2_mtco2 as value,
        cast(null as double) as value_low,
        cast(null as double) as value_high,
        source_id
    from {{ ref('stg_eia_mer_co2__power_sector_co2') }}
    where period_type = 'annual' and fuel = 'total'
),

capacity as (
    select * from {{ ref('fct_capacity__yearly_additions') }}
),

capacities as (
    select
        'capacity_gw' as measure,
        geography_code,
        year,
        technology as series,
        capacity_gw as value,
        cast(null as double) as value_low,
        cast(null as double) as value_high,
        source_id
    from capacity
    union all
    select
        'net_additions_gw' as measure,
        geography_code,
        year,
        technology as series,
        net_additions_gw as value,
        cast(null as double) as value_low,
        cast(null as double) as value_high,
        source_id
    from capacity
    where net_additions_gw is not null
),

-- each report edition's change of a metric against the base year the edition states, both
-- figures from that edition (companies restate their past)
company_figures as (
    select * from {{ ref('stg_curated__company_report_figures') }}
    where baseline_year is not null
),

company_changes as (
    select
        'change_vs_baseline_frac' as measure,
        'WORLD' as geography_code,
        later.year,
        {{ dbt.concat(["later.company", "':'", "later.report_edition", "':'", "later.metric"]) }}
            as series,
        later.value / base.value - 1 as value,
        cast(null as double) as value_low,
        cast(null as double) as value_high,
        later.source_id
    from company_figures as later
    inner join company_figures as base
        on
            later.company = base.company
            and later.report_edition = base.report_edition
            and later.metric = base.metric
            and later.baseline_year = base.year
    where later.year > later.baseline_year and base.value > 0
)

select * from dc_estimates
union all
select * from demand
union all
select * from consumption
union all
select * from dc_shares
union all
select * from intensities
union all
select * from power_sector_co2
union all
select * from capacities
union all
select * from company_changes
