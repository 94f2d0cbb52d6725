-- The scenario knobs (seeds/ai_scenario_assumptions.csv) with any the user set as dbt vars of
-- the same name: `dbt build --vars '{ai_share_of_dc_2030: 0.6}'` (make: DBT_VARS).
with overrides as (
    {%- for name, value in assumption_overrides(ref('ai_scenario_assumptions')).items() %}
        select
            '{{ name }}' as assumption,
            cast({{ value }} as double) as value  -- not dbt.type_float(): FLOAT is 4 bytes in DuckDB
        union all
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as assumption,
        cast(null as double) as value
)

select
    seed.assumption,
    seed.quantity,
    seed.bound,
    seed.geography_code,
    seed.year,
    coalesce(overrides.value, seed.value) as value,
    seed.value as default_value,
    seed.min_value,
    seed.max_value,
    seed.range_reason,
    seed.unit,
    seed.figure_id,
    seed.derivation,
    seed.citation
from {{ ref('ai_scenario_assumptions') }} as seed
left join overrides
    on seed.assumption = overrides.assumption
