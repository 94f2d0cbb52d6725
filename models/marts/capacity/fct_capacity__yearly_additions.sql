-- Installed capacity and its net change by geography, year and technology, with the
-- renewable / non-renewable split, the total, and the world (the sum of IRENA's countries).
-- net_additions_gw is this year-end stock less last year's: additions NET of retirements.
-- Gross additions are not in IRENA's data; where a government or company publishes a figure
-- (the curated build-out figures) it sits beside the total, as its own cited series.
with technologies as (
    select
        geography_code,
        year,
        technology,
        is_renewable,
        capacity_gw
    from {{ ref('int_capacity__technologies_filled') }}
),

with_world as (
    select * from technologies
    union all
    select
        'WORLD' as geography_code,
        year,
        technology,
        is_renewable,
        {{ exact_sum('capacity_gw') }} as capacity_gw
    from technologies
    group by year, technology, is_renewable
),

with_rollups as (
    select * from with_world
    union all
    select
        geography_code,
        year,
        case when is_renewable then 'renewable' else 'non_renewable' end as technology,
        is_renewable,
        {{ exact_sum('capacity_gw') }} as capacity_gw
    from with_world
    group by geography_code, year, is_renewable
    union all
    select
        geography_code,
        year,
        'total' as technology,
        cast(null as boolean) as is_renewable,
        {{ exact_sum('capacity_gw') }} as capacity_gw
    from with_world
    group by geography_code, year
),

with_net_additions as (
    select
        *,
        -- only against the year before: a country's first year has no net addition
        case
            when
                lag(year) over (partition by geography_code, technology order by year)
                = year - 1
                then
                    capacity_gw
                    - lag(capacity_gw) over (partition by geography_code, technology order by year)
        end as net_additions_gw
    from with_rollups
),

published_additions as (
    select
        geography_code,
        year,
        value as gross_additions_published_gw,
        figure_id as gross_additions_figure_id,
        attributed_to as gross_additions_attributed_to
    from {{ ref('stg_curated__buildout_figures') }}
    where metric = 'power_capacity_added'
)

select
    with_net_additions.geography_code,
    with_net_additions.year,
    with_net_additions.technology,
    with_net_additions.is_renewable,
    with_net_additions.capacity_gw,
    with_net_additions.net_additions_gw,
    published_additions.gross_additions_published_gw,
    published_additions.gross_additions_figure_id,
    published_additions.gross_additions_attributed_to,
    {{ source_id('irena', 'capacity_country') }} as source_id,
    case
        when published_additions.gross_additions_figure_id is not null
            then {{ source_id('curated', 'buildout_figures') }}
    end as gross_additions_source_id
from with_net_additions
left join published_additions
    on
        with_net_additions.technology = 'total'
        and with_net_additions.geography_code = published_additions.geography_code
        and with_net_additions.year = published_additions.year
