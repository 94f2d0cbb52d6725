-- Yearly net generation by geography and fuel from every table that publishes it by fuel:
-- EIA's Monthly Energy Review and Electric Power Annual (US), the EIA API (states) and
-- Ember's US-state table. Components and small-scale ('distributed') generation are kept,
-- summed by fuel (EIA's two petroleum columns are one fuel); subtotals are dropped. Where a
-- publisher's total exceeds its components (EIA's 'sources not shown'), the remainder is a
-- row of fuel 'unknown' so that the fuels add up to the total.
{%- set tables = [
    (ref('stg_eia_mer__net_generation'), "period_type = 'annual'"),
    (ref('stg_eia_epa__net_generation'), "period_type = 'annual'"),
    (ref('stg_eia_api__state_generation_yearly'), "sector_id = '99'"),
    (ref('stg_ember__us_state_generation_yearly'), "true"),
] %}

with published as (
    {%- for relation, yearly_rows in tables %}
        select
            source_id,
            geography_code,
            year,
            fuel,
            fuel_role,
            generation_twh
        from {{ relation }}
        where {{ yearly_rows }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

remainders as (
    select
        source_id,
        geography_code,
        year,
        'unknown' as fuel,
        'remainder' as fuel_role,
        max(case when fuel_role = 'total' then generation_twh end)
        - {{ exact_sum("case when fuel_role = 'component' then generation_twh else 0 end") }}
            as generation_twh
    from published
    group by source_id, geography_code, year
)

select
    source_id,
    geography_code,
    year,
    fuel,
    fuel_role,
    {{ exact_sum('generation_twh') }} as generation_twh
from published
where fuel_role in ('component', 'distributed') and generation_twh is not null
group by source_id, geography_code, year, fuel, fuel_role
union all
select
    source_id,
    geography_code,
    year,
    fuel,
    fuel_role,
    generation_twh
from remainders
where generation_twh > 0
