-- The scenario knobs this build used, one row per knob: the value (a DBT_VARS value or the
-- cited default), the default, the range its meaning allows and the citation. Published with
-- the data, so a reader (and the Great Expectations suites whose bounds follow a knob) knows
-- under which assumptions the AI marts were computed.
select
    assumption,
    quantity,
    bound,
    geography_code,
    year,
    value,
    default_value,
    value = default_value as is_default,
    min_value,
    max_value,
    unit,
    range_reason,
    figure_id,
    derivation,
    citation
from {{ ref('int_ai__scenario_assumptions') }}
