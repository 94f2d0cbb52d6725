-- One row per claim in seeds/claims.csv: the claim, the warehouse's like-for-like number with
-- its range, the ratio claimed / warehouse, the verdict (macro claim_verdict) and the evidence
-- in words. Which numbers a claim uses is data: seeds/claim_numbers.csv names each one (a pick
-- from warehouse_values by measure, geography, year and series, or a cited constant; several
-- rows add, subtract or divide), the numbers named value, low and high are the warehouse's
-- side, and seeds/claim_evidence.csv holds the sentence whose {placeholders} they fill
-- (macros claim_evidence_forms, claim_evidence_text). A claim whose data is missing from a
-- build keeps its row (nulls).
with claims as (
    select * from {{ ref('claims') }}
),

templates as (
    select * from {{ ref('claim_evidence') }}
),

-- each operand of a number with the row it picks (none for a constant)
operands as (
    select
        numbers.claim_id,
        numbers.number,
        numbers.operation,
        coalesce(numbers.year, picked.year) as year,
        coalesce(
            numbers.constant,
            case numbers.field
                when 'value_low' then picked.value_low
                when 'value_high' then picked.value_high
                else picked.value
            end
        ) as operand,
        picked.label,
        picked.figure_id,
        picked.source_id,
        picked.demand_source_id
    from {{ ref('claim_numbers') }} as numbers
    left join {{ ref('warehouse_values') }} as picked
        on
            numbers.measure = picked.measure
            and numbers.geography_code = picked.geography_code
            and numbers.series = picked.series
            and (numbers.year is null or numbers.year = picked.year)
),

-- a number is the sum of its added operands less the subtracted ones, over its divisor; null
-- when any operand is missing. The claim's own value is the number `claimed`.
numbers as (
    select
        claim_id,
        number,
        case
            when count(*) = count(operand)
                then
                    sum(case operation when 'add' then operand when 'subtract' then -operand end)
                    / coalesce(max(case when operation = 'divide' then operand end), 1)
        end as value,
        max(case when operation <> 'divide' then year end) as year,
        max(label) as label
    from operands
    group by claim_id, number
    union all
    select
        claim_id,
        'claimed' as number,
        claimed_value as value,
        year,
        cast(null as {{ dbt.type_string() }}) as label
    from claims
),

spine as (
    {%- for piece_index in range(1, claim_max_pieces() + 1) %}
        select {{ piece_index }} as piece_index
        {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
),

forms as (
    {{ claim_evidence_forms() }}
),

-- the sentence cut at each '{': every piece after the first starts with a placeholder
-- (name or name:form) and its closing '}'
pieces as (
    select
        templates.claim_id,
        spine.piece_index,
        split_part(templates.evidence_template, '{', spine.piece_index) as piece
    from templates
    cross join spine
    where
        spine.piece_index
        <= length(templates.evidence_template)
        - length(replace(templates.evidence_template, '{', '')) + 1
),

placeholders as (
    select
        claim_id,
        piece_index,
        piece,
        case when piece_index > 1 then split_part(piece, '}', 1) end as placeholder
    from pieces
),

-- each number in every form a placeholder can ask for (macro claim_evidence_forms)
number_forms as (
    select
        numbers.claim_id,
        {{ dbt.concat(["numbers.number", "forms.form"]) }} as placeholder,
        {{ claim_evidence_text('numbers.value', 'numbers.year', 'numbers.label', 'forms.form') }}
            as text
    from numbers
    cross join forms
),

evidence as (
    select
        placeholders.claim_id,
        {{ dbt.listagg(
            "case when placeholders.placeholder is null then placeholders.piece else "
            ~ dbt.concat([
                "coalesce(number_forms.text, " ~ dbt.concat(["'{'", "placeholders.placeholder", "'}'"]) ~ ")",
                "substring(placeholders.piece, length(placeholders.placeholder) + 2)"
            ]) ~ " end",
            "''", 'order by placeholders.piece_index') }} as evidence
    from placeholders
    left join number_forms
        on
            placeholders.claim_id = number_forms.claim_id
            and placeholders.placeholder = number_forms.placeholder
    group by placeholders.claim_id
),

-- where the sentence first uses each number (the piece), so that the ids below follow it
placed as (
    select
        numbers.claim_id,
        numbers.number,
        coalesce(min(placeholders.piece_index), 1000000) as first_use
    from numbers
    left join placeholders
        on
            numbers.claim_id = placeholders.claim_id
            and numbers.number = split_part(placeholders.placeholder, ':', 1)
    group by numbers.claim_id, numbers.number
),

-- the curated figures and the raw tables of the rows used, each once, in the order the
-- evidence first uses them (a share's demand after its numerator)
ids as (
    {%- for kind, column, rank in [('figure', 'figure_id', 0), ('source', 'source_id', 0),
                                   ('source', 'demand_source_id', 1)] %}
        select
            operands.claim_id,
            '{{ kind }}' as kind,
            operands.{{ column }} as id,
            placed.first_use * 2 + {{ rank }} as first_use
        from operands
        inner join placed
            on operands.claim_id = placed.claim_id and operands.number = placed.number
        where operands.{{ column }} is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

id_lists as (
    select
        claim_id,
        kind,
        {{ dbt.listagg('id', "', '", 'order by first_use, id') }} as ids
    from (
        select
            claim_id,
            kind,
            id,
            min(first_use) as first_use
        from ids
        group by claim_id, kind, id
    ) as firsts
    group by claim_id, kind
),

checks as (
    select
        numbers.claim_id,
        max(case when numbers.number = 'value' then numbers.value end) as warehouse_value,
        max(case when numbers.number = 'low' then numbers.value end) as warehouse_low,
        max(case when numbers.number = 'high' then numbers.value end) as warehouse_high
    from numbers
    group by numbers.claim_id
)

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
        when evidence.evidence is null then 'No evidence row in this build'
        else {{ dbt.concat(["evidence.evidence", claim_bound_note('claims.comparison')]) }}
    end as evidence,
    figures.ids as evidence_figure_ids,
    sources.ids as source_ids,
    claims.how_tested
from claims
left join checks on claims.claim_id = checks.claim_id
left join evidence on claims.claim_id = evidence.claim_id
left join id_lists as figures on claims.claim_id = figures.claim_id and figures.kind = 'figure'
left join id_lists as sources on claims.claim_id = sources.claim_id and sources.kind = 'source'
