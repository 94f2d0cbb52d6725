-- Amazon's carbon-free energy projects as listed in 2024 and 2025 (one row per project and
-- list), with their country's code.
with projects as (
    select * from {{ source('gsf', 'amazon_cfe_projects') }}
)

select
    cast(projects.list_year as {{ dbt.type_int() }}) as list_year,
    projects.site_name,
    projects.project_type,
    projects.city_county,
    projects.state,
    projects.country as publisher_country,
    coalesce(iso_names.geography_code, name_aliases.geography_code) as geography_code,
    cast(projects.operational_year as {{ dbt.type_int() }}) as operational_year,
    projects.system_size_mw,
    {{ source_id('gsf', 'amazon_cfe_projects') }} as source_id
from projects
{{ join_country_name('projects.country', 'gsf') }}
