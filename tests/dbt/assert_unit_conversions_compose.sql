-- Conversions that chain must agree: where a->b, b->c and a->c are all listed,
-- factor(a->b) x factor(b->c) equals factor(a->c) (relative tolerance 1e-9). Returns the
-- chains that disagree.
select
    ab.from_unit,
    ab.to_unit as via_unit,
    bc.to_unit,
    ab.factor * bc.factor as chained_factor,
    ac.factor as direct_factor
from {{ ref('unit_conversions') }} as ab
inner join {{ ref('unit_conversions') }} as bc
    on ab.to_unit = bc.from_unit
inner join {{ ref('unit_conversions') }} as ac
    on ab.from_unit = ac.from_unit and bc.to_unit = ac.to_unit
where abs(ab.factor * bc.factor - ac.factor) > 1e-9 * ac.factor
