-- The French reader's question as rows: "what do AI and data centres consume in France's
-- electricity, what are the projections, and could it slow decarbonisation?". Each row is
-- one number with its unit, its source (source_id, and figure_id for a curated figure) and
-- what it is measured against (basis), in the order an answer reads (part_order):
--   1 load_now          every published estimate of French data-centre electricity (every
--                       scope, side by side: never add two) and ADEME's installed power
--   2 share_of_demand   each estimate of facilities in France over French demand of its year
--                       (RTE's gross consumption to 2023, Ember's after: basis says which)
--   3 published_share   the publishers' own shares, with the reconciliation's verdict
--   4 ai_load           AI within the primary series: no French AI figure is published, so
--                       the world's AI share applied (basis world_share_applied)
--   5 demand            French demand now and RTE's trajectories for 2030 and 2035
--   6 projection        the primary series (ADEME's trend scenario) in 2030 and 2035, the
--                       other published projections, RTE's data-centre power for 2030
--   7 projected_share   the primary series over RTE's projected demand (low: over the fast
--                       trajectory, high: over the slow)
--   8 growth_share      the primary series' growth to 2035 over RTE's demand growth
--   9 emissions         the primary series at France's grid intensity, and every other
--                       estimate of facilities in France at the intensity of its year
--  10 same_load_elsewhere  France's data-centre load of its last historical year at the
--                       intensity of Germany, Ireland and PJM (and France's own)
--  11 flat_load_100mw   a 100 MW data centre running flat through 2023, hour by hour on five
--                       Electricity Maps zones (direct and life-cycle), Ireland at its yearly
--                       intensity (no hourly series landed)
--  12 grid              France's grid intensity and low-carbon share
--  13 europe_beside     the same headline numbers for Germany, the Netherlands, Ireland, the
--                       EU and IEA Europe (and France): last historical year and 2030
-- estimate_kind and is_primary are empty on rows that are not a data-centre figure.
-- The two parts are named here (not in a loop) so that the licence lineage sees them.
{%- set columns = ['part_order', 'answer_part', 'geography_code', 'year', 'scenario', 'measure',
                   'value', 'value_low', 'value_high', 'unit', 'scope', 'estimate_kind',
                   'is_primary', 'publisher', 'figure_id', 'source_id', 'basis',
                   'basis_source_id', 'emission_scope', 'note'] %}
select
    {%- for column in columns %}
        {{ column }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from {{ ref('int_dc__france_answer_figures') }}
union all
select
    {%- for column in columns %}
        {{ column }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from {{ ref('int_dc__france_answer_comparisons') }}
