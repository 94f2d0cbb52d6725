-- The report's demand-growth chart: full-year demand growth where US data centres cluster
-- (Dominion, the Southeast's utilities, Texas) against the Lower 48.
select
    d.geography_code,
    g.geography_name,
    d.year,
    d.demand_twh,
    d.demand_growth_frac,
    d.source_id
from {{ ref('fct_grid__yearly_demand') }} as d
inner join {{ ref('dim_geography') }} as g on d.geography_code = g.geography_code
where
    d.is_full_year and d.demand_growth_frac is not null
    and d.geography_code in ('PJM-DOM', 'DUK', 'SOCO', 'TVA', 'US_TEXAS_IC', 'US48')
