-- The report's grid chart: the primary yearly carbon intensity of the countries with the
-- most data-centre load (IEA, Energy and AI 2025) and the world.
select
    f.geography_code,
    g.geography_name,
    f.year,
    f.method,
    f.carbon_intensity_gco2e_per_kwh,
    f.source_id
from {{ ref('fct_grid__yearly_carbon_intensity') }} as f
inner join {{ ref('dim_geography') }} as g on f.geography_code = g.geography_code
where
    f.is_primary
    and f.geography_code in ('USA', 'CHN', 'IRL', 'DEU', 'GBR', 'JPN', 'NLD', 'WORLD')
