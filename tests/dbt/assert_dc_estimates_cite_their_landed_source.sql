-- The estimates that come from a landed table (the IEA annex, the CSO's meters) name its
-- publisher and title as dim_source does: the model takes them from the registry's generated
-- source meta, dim_source from the landing manifests. Returns each pair that differs.
select distinct
    estimates.source_id,
    estimates.publisher,
    estimates.publication,
    landed.publisher as landed_publisher,
    landed.title as landed_title
from {{ ref('int_dc__estimates_unioned') }} as estimates
inner join {{ ref('dim_source') }} as landed
    on estimates.source_id = landed.source_id
where
    estimates.figure_id is null
    and (estimates.publisher <> landed.publisher or estimates.publication <> landed.title)
