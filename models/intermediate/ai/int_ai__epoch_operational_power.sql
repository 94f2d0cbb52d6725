-- Epoch AI's operational AI power by site and year end: GPU clusters that exist (or were
-- decommissioned later), confirmed or likely (not rumoured), not flagged as possible
-- duplicates, counted from the year they began operating; a phase that a later operating
-- phase builds upon or is superseded by stops counting then, as the later phase includes it.
-- Frontier data centres: the power of the last milestone on or before the year end, Epoch's
-- projections left out. The two datasets overlap (xAI's Colossus is in both): never add them.
with clusters as (
    select *
    from {{ ref('stg_epoch__gpu_clusters') }}
    where
        status in ('Existing', 'Decommissioned')
        and certainty in ('Confirmed', 'Likely')
        and not is_possible_duplicate
        and first_operational_year is not null
),

years as (
    {{ year_spine(2010, 2030) }}
),

-- the last year a cluster started operating: the export's year (later years are unknown)
last_year as (
    select max(first_operational_year) as year from clusters
),

operating as (
    select
        clusters.*,
        years.year
    from clusters
    inner join years
        on
            clusters.first_operational_year <= years.year
            and (clusters.decommissioned_year is null or clusters.decommissioned_year > years.year)
    inner join last_year
        on years.year <= last_year.year
),

cluster_power as (
    select
        operating.geography_code,
        operating.year,
        operating.source_id,
        operating.name as site,
        operating.name_seq as site_seq,
        operating.power_capacity_mw as power_mw
    from operating
    where not exists (
        select 1
        from operating as later
        where
            later.year = operating.year
            and (later.builds_upon = operating.name or operating.superseded_by = later.name)
    )
),

milestones as (
    select
        timelines.*,
        row_number() over (
            partition by timelines.data_center, years.year order by timelines.date desc
        ) as recency,
        years.year as year_end
    from {{ ref('stg_epoch__data_center_timelines') }} as timelines
    inner join years
        on
            timelines.year <= years.year
            and years.year <= (
                select max(year) from {{ ref('stg_epoch__data_center_timelines') }}
                where not is_projected
            )
    where not timelines.is_projected
)

select * from cluster_power

union all

select
    geography_code,
    year_end as year,
    source_id,
    data_center as site,
    1 as site_seq,
    power_mw
from milestones
where recency = 1 and power_mw > 0
