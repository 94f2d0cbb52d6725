-- Energy (Wh) and carbon (gCO2e) per query by publication, service and model, with the web
-- search baseline that the "ten times a search" comparison uses: the earliest published
-- figure for a Google search (Google's own 0.3 Wh of 2009, which the IEA and de Vries quote).
with figures as (
    select * from {{ ref('stg_curated__per_query_estimates') }}
),

baseline as (
    select
        figure_id,
        value as energy_wh_per_query,
        row_number() over (order by published_date, figure_id) as seniority
    from figures
    where service = 'Google Search' and metric = 'energy_per_query'
),

energy_figures as (
    select
        figure_id,
        row_number() over (
            partition by service order by published_date desc, figure_id asc
        ) as recency
    from figures
    where metric = 'energy_per_query'
)

select
    figures.figure_id,
    figures.source_id,
    figures.service,
    models.model,
    figures.attributed_to,
    figures.publisher,
    figures.title as publication,
    figures.published_date,
    figures.year,
    figures.basis,
    figures.qualifier,
    figures.confidence,
    case when figures.metric = 'energy_per_query' then figures.value end
        as energy_wh_per_query,
    case when figures.metric = 'carbon_per_query' then figures.value end
        as carbon_gco2e_per_query,
    coalesce(energy_figures.recency = 1, false) as is_latest_for_service,
    baseline.figure_id as baseline_figure_id,
    baseline.energy_wh_per_query as baseline_energy_wh_per_query,
    case
        when figures.metric = 'energy_per_query'
            then round(figures.value / baseline.energy_wh_per_query, 3)
    end as ratio_to_web_search
from figures
left join {{ ref('per_query_models') }} as models
    on figures.figure_id = models.figure_id
left join energy_figures
    on figures.figure_id = energy_figures.figure_id
left join baseline
    on baseline.seniority = 1
