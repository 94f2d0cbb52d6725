-- The scenario knobs (seeds/ai_scenario_assumptions.csv) with any the user set as dbt vars of
-- the same name: `dbt build --vars '{ai_share_of_dc_2030: 0.6}'` (make: DBT_VARS). The knob
-- names are read from the seed when the model runs, so a new seed row is a new var.
{%- set overrides = {} %}
{%- if execute %}
    {%- set names = run_query(
        'select assumption from ' ~ ref('ai_scenario_assumptions')
    ).columns[0].values() %}
    {%- for name in names if var(name, none) is not none %}
        {%- if var(name) is not number %}
            {{ exceptions.raise_compiler_error(
                "var " ~ name ~ " must be a number, not " ~ var(name) | string
            ) }}
        {%- endif %}
        {%- do overrides.update({name: var(name)}) %}
    {%- endfor %}
{%- endif %}

select
    assumption,
    quantity,
    bound,
    geography_code,
    year,
    {%- if overrides %}
        case
            {%- for name, value in overrides.items() %}
                when assumption = '{{ name }}' then cast({{ value }} as {{ dbt.type_float() }})
            {%- endfor %}
            else value
        end as value,
    {%- else %}
        value,
    {%- endif %}
    value as default_value,
    unit,
    figure_id,
    derivation,
    citation
from {{ ref('ai_scenario_assumptions') }}
