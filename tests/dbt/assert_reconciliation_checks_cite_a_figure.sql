-- Every check of seeds/reconciliation_checks.csv cites a figure the reconciliation mart can
-- join: a headline (curated.headline_figures) or a share a publisher states beside its own
-- data-centre figure (curated.dc_electricity_estimates, metric dc_share_of_electricity_demand).
-- A misspelt figure_id would otherwise drop the check from the mart without a word. Returns
-- the checks that cite neither.
select
    checks.check_id,
    checks.figure_id
from {{ ref('reconciliation_checks') }} as checks
where
    not exists (
        select 1 from {{ ref('stg_curated__headline_figures') }} as headlines
        where headlines.figure_id = checks.figure_id
    )
    and not exists (
        select 1 from {{ ref('stg_curated__dc_electricity_estimates') }} as shares
        where
            shares.figure_id = checks.figure_id
            and shares.metric = 'dc_share_of_electricity_demand'
    )
