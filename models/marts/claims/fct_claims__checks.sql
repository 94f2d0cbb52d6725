-- One row per claim in seeds/claims.csv: the claim, the warehouse's like-for-like number
-- (int_claims__evidenced), the ratio claimed / warehouse and the verdict by the one rule in
-- macros/claim_verdict.sql.
select
    claims.claim_id,
    claims.claim,
    claims.claimant,
    claims.claim_date,
    claims.source_url,
    claims.figure_id,
    claims.geography_code,
    claims.year,
    claims.claimed_value,
    claims.claimed_unit,
    claims.comparison,
    claims.tolerance_frac,
    checks.warehouse_value,
    checks.warehouse_low,
    checks.warehouse_high,
    case
        when checks.warehouse_value <> 0 then claims.claimed_value / checks.warehouse_value
    end as ratio,
    {{ claim_verdict('claims.claimed_value', 'checks.warehouse_value', 'checks.warehouse_low',
                     'checks.warehouse_high', 'claims.comparison', 'claims.tolerance_frac') }} as verdict,
    case
        when checks.evidence is null then 'No evidence row in this build'
        else {{ dbt.concat(["checks.evidence", claim_bound_note('claims.comparison')]) }}
    end as evidence,
    checks.evidence_figure_ids,
    checks.source_ids,
    claims.how_tested
from {{ ref('claims') }} as claims
left join {{ ref('int_claims__evidenced') }} as checks on claims.claim_id = checks.claim_id
