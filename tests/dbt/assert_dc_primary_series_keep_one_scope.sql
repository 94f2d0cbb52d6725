-- No primary data-centre series mixes scopes: a geography's primary rows (history and
-- projections together) all cover the same thing, so that a share, a growth rate or an
-- interpolation never joins a figure for data centres to one for the country's digital use
-- abroad or for a few surveyed operators. Returns the geographies whose primary rows carry
-- more than one scope, with the scopes.
select
    geography_code,
    count(distinct scope) as scopes_count,
    min(scope) as first_scope,
    max(scope) as last_scope
from {{ ref('fct_dc__yearly_electricity') }}
where is_primary
group by geography_code
having count(distinct scope) > 1
