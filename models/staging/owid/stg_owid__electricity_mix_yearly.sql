-- OWID's 2022 electricity mix (BP & Ember), long: one row per geography, year and published
-- variable, with the geography's code from its name (ISO short name, else an owid alias).
-- A name in neither gets a null code, which the not_null test stops.
with mix as (
    select * from {{ source('owid', 'electricity_mix_yearly') }}
)

select
    coalesce(iso_names.geography_code, name_aliases.geography_code) as geography_code,
    mix.country as publisher_geography_name,
    cast(mix.year as {{ dbt.type_int() }}) as year,
    mix.variable,
    mix.value,
    mix.unit,
    mix.kind,
    {{ source_id('owid', 'electricity_mix_yearly') }} as source_id
from mix
{{ join_country_name('mix.country', 'owid') }}
