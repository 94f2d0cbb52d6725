-- The report's AI-share chart: AI's electricity over each place's demand, with the range
-- from the low and high AI electricity, for every place and scenario that has both.
select
    s.geography_code,
    g.geography_name,
    s.scenario,
    s.year,
    s.ai_electricity_low_twh / s.demand_twh as ai_share_of_demand_low_frac,
    s.ai_share_of_demand_frac,
    s.ai_electricity_high_twh / s.demand_twh as ai_share_of_demand_high_frac,
    s.estimate_kind = 'projection' as is_projection,
    s.is_demand_projected,
    s.source_id,
    s.demand_source_id
from {{ ref('fct_ai__yearly_demand_share') }} as s
inner join {{ ref('dim_geography') }} as g on s.geography_code = g.geography_code
where s.ai_share_of_demand_frac is not null
