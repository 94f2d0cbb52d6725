{#- Joins that give a publisher's US state name its ISO 3166-2 code (US-VA): the state's name
    in the geography seed, else the publisher's alias (Washington, D.C.; 'US Total' is USA).
    Use coalesce(us_states.geography_code, state_aliases.geography_code); a name in neither
    stays null, for a test to stop. -#}
{% macro join_us_state_name(name_sql, publisher) -%}
    left join {{ ref('geography_iso3166') }} as us_states
        on
            {{ name_sql }} = us_states.geography_name
            and us_states.geography_type = 'subdivision'
            and us_states.parent_code = 'USA'
    left join {{ ref('geography_aliases') }} as state_aliases
        on {{ name_sql }} = state_aliases.alias and state_aliases.publisher = '{{ publisher }}'
{%- endmacro %}

{#- A publisher's own name for a place it gives no code (an aggregate, a region, a file
    name) mapped to its geography_code through the aliases seed: aliases.geography_code,
    null where the name is not in the seed. -#}
{% macro join_geography_alias(name_sql, publisher) -%}
    left join {{ ref('geography_aliases') }} as aliases
        on {{ name_sql }} = aliases.alias and aliases.publisher = '{{ publisher }}'
{%- endmacro %}

{#- A publisher's fuel name mapped to the warehouse's fuel and its role (generation_fuels
    seed): fuel_names.fuel, fuel_names.role; null where the name is not in the seed. -#}
{% macro join_generation_fuel(source_id_sql, published_fuel_sql) -%}
    left join {{ ref('generation_fuels') }} as fuel_names
        on
            fuel_names.source_id = {{ source_id_sql }}
            and fuel_names.published_fuel = {{ published_fuel_sql }}
{%- endmacro %}
