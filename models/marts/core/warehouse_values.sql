-- The marts' numbers that publishers' headlines and the debate's claims are checked against,
-- in one long shape: one row per measure, geography, year and series (a publication, a
-- scenario, a method and source, a technology, a company's report edition, a selection such
-- as the latest estimate), with the value, its range where the rows give one, a label where a
-- sentence quotes one, the curated figure and the raw tables it comes from. The
-- reconciliation and claims seeds pick from these by name; nothing here is specific to one
-- headline or claim. Ephemeral: it reads marts, so it sits in the marts layer, and it is no
-- table of its own (the checks' marts are).
with dc_estimates as (
    select
        'dc_electricity_twh' as measure,
        geography_code,
        year,
        coalesce(figure_id, {{ dbt.concat(["source_id", "':'", "scenario"]) }}) as series,
        {{ warehouse_value_columns(
            'electricity_twh',
            low='electricity_low_twh',
            high='electricity_high_twh',
            figure_id='figure_id'
        ) }}
    from {{ ref('fct_dc__yearly_electricity') }}
    where data_centre_type = 'total'  -- the annex's split by type is not a headline's
),

-- the harmonised series (one per geography, year and scenario, interpolated between
-- published years), in TWh and as average load
harmonised as (
    select * from {{ ref('fct_dc__yearly_harmonised_electricity') }}
),

dc_harmonised as (
    select
        'dc_harmonised_electricity_twh' as measure,
        geography_code,
        year,
        scenario as series,
        {{ warehouse_value_columns(
            'electricity_twh',
            low='electricity_low_twh',
            high='electricity_high_twh',
            figure_id='figure_id'
        ) }}
    from harmonised
    union all
    select
        'dc_average_load_gw' as measure,
        geography_code,
        year,
        scenario as series,
        {{ warehouse_value_columns('average_load_gw', figure_id='figure_id') }}
    from harmonised
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
        {{ warehouse_value_columns('demand_twh', source_id='demand_source_id') }}
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
            {{ warehouse_value_columns(column) }}
        from {{ ref('stg_rte__annual_consumption') }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- shares of demand carry the demand's source beside the numerator's
shares as (
    select
        'dc_share_of_demand_frac' as measure,
        geography_code,
        year,
        scenario as series,
        {{ warehouse_value_columns(
            'dc_share_of_demand_frac',
            low='dc_electricity_low_twh / demand_twh',
            high='dc_electricity_high_twh / demand_twh',
            demand_source_id='demand_source_id'
        ) }}
    from demand_share
    where dc_share_of_demand_frac is not null
    union all
    select
        'ai_share_of_demand_frac' as measure,
        geography_code,
        year,
        scenario as series,
        {{ warehouse_value_columns(
            'ai_share_of_demand_frac',
            low='ai_electricity_low_twh / demand_twh',
            high='ai_electricity_high_twh / demand_twh',
            demand_source_id='demand_source_id'
        ) }}
    from demand_share
    where ai_share_of_demand_frac is not null
),

ai_electricity as (
    select
        'ai_electricity_twh' as measure,
        geography_code,
        year,
        scenario as series,
        {{ warehouse_value_columns(
            'ai_electricity_twh',
            low='ai_electricity_low_twh',
            high='ai_electricity_high_twh'
        ) }}
    from demand_share
    where ai_electricity_twh is not null
),

per_query as (
    select * from {{ ref('fct_ai__per_query_energy') }}
),

-- each service's latest estimate (with the spread of that year's estimates of every AI
-- service as its range) and its oldest one
per_query_ranked as (
    select
        *,
        row_number() over (
            partition by service
            order by year asc nulls last, published_date asc nulls last, figure_id asc
        ) as age_rank
    from per_query
),

per_query_spread as (
    select
        year,
        min(ratio_to_web_search) as ratio_low,
        max(ratio_to_web_search) as ratio_high
    from per_query
    where service <> 'Google Search'
    group by year
),

per_query_picked as (
    select
        ranked.*,
        {{ dbt.concat(["ranked.service", "':latest'"]) }} as series,
        spread.ratio_low,
        spread.ratio_high
    from per_query_ranked as ranked
    left join per_query_spread as spread on ranked.year = spread.year
    where ranked.is_latest_for_service
    union all
    select
        ranked.*,
        {{ dbt.concat(["ranked.service", "':oldest'"]) }} as series,
        cast(null as double) as ratio_low,
        cast(null as double) as ratio_high
    from per_query_ranked as ranked
    where ranked.age_rank = 1
),

-- the web search every ratio divides by, on its own estimate's row (its year)
per_query_baseline as (
    select distinct
        baseline.baseline_figure_id as figure_id,
        baseline.baseline_energy_wh_per_query as energy_wh_per_query,
        search.year,
        search.source_id
    from per_query as baseline
    inner join per_query as search on baseline.baseline_figure_id = search.figure_id
),

queries as (
    select
        'query_energy_wh' as measure,
        'WORLD' as geography_code,
        year,
        series,
        {{ warehouse_value_columns('energy_wh_per_query', figure_id='figure_id') }}
    from per_query_picked
    union all
    select
        'query_ratio_to_web_search' as measure,
        'WORLD' as geography_code,
        year,
        series,
        {{ warehouse_value_columns(
            'ratio_to_web_search',
            low='ratio_low',
            high='ratio_high',
            figure_id='figure_id'
        ) }}
    from per_query_picked
    union all
    select
        'query_energy_wh' as measure,
        'WORLD' as geography_code,
        year,
        'web_search_baseline' as series,
        {{ warehouse_value_columns('energy_wh_per_query', figure_id='figure_id') }}
    from per_query_baseline
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
        {{ warehouse_value_columns('carbon_intensity_gco2e_per_kwh') }}
    from grid
    union all
    select
        'carbon_intensity_gco2e_per_kwh' as measure,
        geography_code,
        year,
        {{ dbt.concat(["'primary_in_scope:'", "emission_scope"]) }} as series,
        {{ warehouse_value_columns('carbon_intensity_gco2e_per_kwh') }}
    from grid
    where is_primary_in_scope
),

-- each geography's latest low-carbon share (the primary series first), its method as label
low_carbon_latest as (
    select
        'low_carbon_share_frac' as measure,
        geography_code,
        year,
        'latest' as series,
        {{ warehouse_value_columns('low_carbon_share_frac', label='method') }}
    from (
        select
            *,
            row_number() over (
                partition by geography_code
                order by year desc nulls last, is_primary desc nulls last, method asc
            ) as recency_rank
        from grid
        where low_carbon_share_frac is not null
    ) as ranked
    where recency_rank = 1
),

power_sector_co2 as (
    select
        'power_sector_co2_mtco2' as measure,
        geography_code,
        year,
        source_id as series,
        {{ warehouse_value_columns('co2_mtco2') }}
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
        {{ warehouse_value_columns('capacity_gw') }}
    from capacity
    union all
    select
        'net_additions_gw' as measure,
        geography_code,
        year,
        technology as series,
        {{ warehouse_value_columns('net_additions_gw') }}
    from capacity
    where net_additions_gw is not null
),

-- published capacities (planned sites, additions as announced), by figure
buildout as (
    select
        {{ dbt.concat(["metric", "'_gw'"]) }} as measure,
        geography_code,
        year,
        figure_id as series,
        {{ warehouse_value_columns(
            'value', low='value_low', high='value_high', figure_id='figure_id'
        ) }}
    from {{ ref('stg_curated__buildout_figures') }}
    where unit = 'GW'
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
        {{ warehouse_value_columns('later.value / base.value - 1', source_id='later.source_id') }}
    from company_figures as later
    inner join company_figures as base
        on
            later.company = base.company
            and later.report_edition = base.report_edition
            and later.metric = base.metric
            and later.baseline_year = base.year
    where later.year > later.baseline_year and base.value > 0
),

-- a company's footprint as the mart states it, by report edition (series company:edition)
-- and for the latest edition (company:latest, the edition as label)
footprint as (
    select
        *,
        {{ dbt.concat(["company", "':'", "report_edition"]) }} as edition_series
    from {{ ref('fct_company__yearly_footprint') }}
),

footprints as (
    {%- for series, editions in [('edition_series', 'true'),
                                 (dbt.concat(["company", "':latest'"]), 'is_primary_edition')] %}
        {%- set editions_loop = loop %}
        {%- for measure, value, present in [
            ('total_emissions_change_vs_baseline_frac', 'total_emissions_change_vs_baseline_frac',
             'total_emissions_change_vs_baseline_frac'),
            ('total_emissions_mtco2e', 'total_emissions_tco2e / 1000000', 'total_emissions_tco2e'),
        ] %}
            select
                '{{ measure }}' as measure,
                'WORLD' as geography_code,
                year,
                {{ series }} as series,
                {{ warehouse_value_columns(value, figure_id='figure_ids', label='report_edition') }}
            from footprint
            where {{ present }} is not null and {{ editions }}
            {%- if not (loop.last and editions_loop.last) %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
)

{% for part in ['dc_estimates', 'dc_harmonised', 'demand', 'consumption', 'shares',
                'ai_electricity', 'queries',
                'intensities', 'low_carbon_latest', 'power_sector_co2', 'capacities', 'buildout',
                'company_changes', 'footprints'] -%}
    select * from {{ part }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
