-- AWS's wind and solar projects as listed in 2023, with their country's code. One project
-- ("Amazon Wind Farm Europe") has no disclosed country: its geography_code is null.
with projects as (
    select * from {{ source('gsf', 'aws_renewable_projects') }}
)

select
    projects.project_name,
    projects.business,
    projects.city,
    projects.state,
    projects.country as publisher_country,
    coalesce(iso_names.geography_code, name_aliases.geography_code) as geography_code,
    projects.energy_type,
    cast(projects.operational_year as {{ dbt.type_int() }}) as operational_year,
    projects.project_size_mw,
    projects.aws_share_pct,
    projects.aws_size_mw,
    projects.latitude_deg,
    projects.longitude_deg,
    {{ source_id('gsf', 'aws_renewable_projects') }} as source_id
from projects
{{ join_country_name('projects.country', 'gsf') }}
