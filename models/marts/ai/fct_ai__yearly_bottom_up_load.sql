-- Installed AI power that Epoch AI tracks (MW at the year end, per country and the world),
-- turned into energy with the load factor and PUE knobs, beside the top-down AI electricity
-- of fct_ai__yearly_demand_share (history; the IEA Base case after its last historical
-- year). Epoch's two datasets overlap and are never added: one row set per source_id.
with power as (
    select * from {{ ref('int_ai__epoch_operational_power') }}
),

assumptions as (
    select * from {{ ref('int_ai__scenario_assumptions') }}
),

-- each site counts in its country and in the world (which also counts the sites whose
-- country Epoch does not give)
located as (
    select
        geography_code,
        year,
        source_id,
        power_mw
    from power
    where geography_code is not null

    union all

    select
        'WORLD' as geography_code,
        year,
        source_id,
        power_mw
    from power
),

by_geography as (
    select
        geography_code,
        year,
        source_id,
        count(*) as n_sites,
        count(*) - count(power_mw) as n_sites_without_power,
        coalesce({{ exact_sum('power_mw') }}, 0) as installed_ai_power_mw
    from located
    group by geography_code, year, source_id
),

-- a site that starts operating during the year runs part of it: the year's average power is
-- taken as the mean of the previous and this year end's (0 before the first site)
averaged as (
    select
        *,
        (
            installed_ai_power_mw
            + coalesce(
                case
                    when
                        lag(year) over (
                            partition by geography_code, source_id order by year
                        ) = year - 1
                        then lag(installed_ai_power_mw) over (
                            partition by geography_code, source_id order by year
                        )
                end,
                0
            )
        ) / 2 as average_installed_ai_power_mw
    from by_geography
),

top_down as (
    select
        geography_code,
        year,
        scenario,
        ai_electricity_low_twh,
        ai_electricity_twh,
        ai_electricity_high_twh
    from {{ ref('fct_ai__yearly_demand_share') }}
    where scenario in ('historical', 'base') and ai_electricity_twh is not null
),

compared as (
    select
        averaged.geography_code,
        averaged.year,
        averaged.source_id,
        averaged.n_sites,
        averaged.n_sites_without_power,
        averaged.installed_ai_power_mw,
        averaged.average_installed_ai_power_mw,
        load_factor.value as load_factor_frac,
        pue.value as pue_ratio,
        round(
            averaged.average_installed_ai_power_mw / {{ unit_factor('GW', 'MW') }}
            * {{ unit_factor('GW-year', 'TWh') }} * load_factor.value * pue.value,
            3
        ) as ai_electricity_bottom_up_twh,
        top_down.scenario as top_down_scenario,
        top_down.ai_electricity_low_twh as ai_electricity_top_down_low_twh,
        top_down.ai_electricity_twh as ai_electricity_top_down_twh,
        top_down.ai_electricity_high_twh as ai_electricity_top_down_high_twh
    from averaged
    inner join assumptions as load_factor
        on load_factor.quantity = 'load_factor'
    inner join assumptions as pue
        on pue.quantity = 'pue'
    left join top_down
        on averaged.geography_code = top_down.geography_code and averaged.year = top_down.year
)

select
    *,
    -- the share of the top-down estimate that the tracked sites explain, and what they leave
    round(ai_electricity_bottom_up_twh / ai_electricity_top_down_twh, 6) as coverage_frac,
    round(ai_electricity_top_down_twh - ai_electricity_bottom_up_twh, 3) as coverage_gap_twh
from compared
