{#- EIA's national generation tables (Monthly Energy Review, Electric Power Annual) share one
    shape: period_type, year, month, a fuel column and net_generation_gwh. One staging for
    both: the US (USA) by period and fuel, in TWh, with the warehouse's fuel and role
    (generation_fuels seed). Pass the table as `source('eia_mer', 'net_generation')`. -#}
{% macro stg_eia_us_generation(relation, fuel_column) -%}
    {%- set table_source_id = source_id(relation.schema, relation.identifier) -%}
with generation as (
    select * from {{ relation }}
)

select
    -- the table is national: the whole US by construction
    'USA' as geography_code,
    generation.period_type,
    cast(generation.year as {{ dbt.type_int() }}) as year,
    cast(generation.month as {{ dbt.type_int() }}) as month,
    generation.{{ fuel_column }} as published_fuel,
    fuel_names.fuel,
    fuel_names.role as fuel_role,
    generation.net_generation_gwh * {{ unit_factor('GWh', 'TWh') }} as generation_twh,
    {{ table_source_id }} as source_id
from generation
{{ join_generation_fuel(table_source_id, 'generation.' ~ fuel_column) }}
{%- endmacro %}
