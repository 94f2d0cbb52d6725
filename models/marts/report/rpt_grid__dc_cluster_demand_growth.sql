-- The report's demand-growth chart: yearly demand and its growth where US data centres
-- cluster (Dominion, the Southeast's utilities, Texas) and in the Lower 48; the chart draws
-- the full years with a growth figure.
select
    d.geography_code,
    g.geography_name,
    d.year,
    d.demand_twh,
    d.demand_growth_frac,
    d.is_full_year,
    d.source_id
from {{ ref('fct_grid__yearly_demand') }} as d
inner join {{ ref('dim_geography') }} as g on d.geography_code = g.geography_code
where d.geography_code in ('PJM-DOM', 'DUK', 'SOCO', 'TVA', 'US_TEXAS_IC', 'US48')
