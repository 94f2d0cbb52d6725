-- Publishers' headlines recomputed from the warehouse's own rows: one row per check in
-- seeds/reconciliation_checks.csv (a headline figure, the measure and series that recompute
-- it, an optional denominator, the tolerance, and any known difference with how far it can
-- move the figure). Verdict: reproduced (like for like, within the tolerance), explained (a
-- stated difference accounts for the gap, within its bound; or the value follows a scenario
-- knob the build moved from its default, so another scenario than the publisher's),
-- unexplained (neither: the build fails, GX suite), not_computed (the rows it needs are not
-- in this build).
with checks as (
    select * from {{ ref('reconciliation_checks') }}
),

warehouse_values as (
    select * from {{ ref('warehouse_values') }}
),

-- the headlines, and the shares a publisher states beside its own data-centre figure (kept
-- with that figure in the curated estimates: ADEME's 1.8 %, RTE's 2 %, CBS's 4.6 %...)
figures as (
    {%- for model, where in [
        ('stg_curated__headline_figures', 'true'),
        ('stg_curated__dc_electricity_estimates', "metric = 'dc_share_of_electricity_demand'"),
    ] %}
        select
            figure_id,
            metric,
            unit,
            year,
            attributed_to,
            publisher,
            title,
            published,
            url,
            locator,
            confidence,
            value,
            value_low,
            value_high,
            source_id
        from {{ ref(model) }}
        where {{ where }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- the knobs this build moved from their cited defaults (DBT_VARS)
moved_knobs as (
    select
        assumption,
        value,
        default_value
    from {{ ref('int_ai__scenario_assumptions') }}
    where value <> default_value
),

matched as (
    {%- for part, measure, series in [
        ('numerator', 'measure', 'series'),
        ('denominator', 'denominator_measure', 'denominator_series'),
    ] %}
        select
            checks.check_id,
            '{{ part }}' as part,
            warehouse_values.value,
            warehouse_values.value_low,
            warehouse_values.value_high,
            warehouse_values.source_id
        from checks
        inner join warehouse_values
            on
                checks.{{ measure }} = warehouse_values.measure
                and checks.geography_code = warehouse_values.geography_code
                and checks.year = warehouse_values.year
                and warehouse_values.series like checks.{{ series }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- one row keeps its value and range; several (a publisher's scenarios, every estimate of a
-- year) give the range they span
parts as (
    select
        check_id,
        part,
        count(*) as rows_matched,
        case when count(*) = 1 then max(value) end as value,
        min(coalesce(value_low, value)) as value_low,
        max(coalesce(value_high, value)) as value_high
    from matched
    group by check_id, part
),

sources as (
    select
        check_id,
        {{ dbt.listagg('source_id', "', '", 'order by source_id') }} as warehouse_source_ids
    from (
        select distinct
            check_id,
            source_id
        from matched
    ) as distinct_sources
    group by check_id
),

computed as (
    select
        checks.*,
        numerator.value / coalesce(denominator.value, 1) as warehouse_value,
        numerator.value_low / coalesce(denominator.value, 1) as warehouse_low,
        numerator.value_high / coalesce(denominator.value, 1) as warehouse_high,
        -- a denominator the check names but the build lacks leaves nothing to compare
        checks.denominator_measure is not null and denominator.check_id is null
            as is_denominator_missing,
        sources.warehouse_source_ids,
        moved_knobs.assumption is not null as is_knob_moved,
        {{ dbt.concat([
            "'the warehouse follows this build''s scenario, not the publisher''s: '",
            "moved_knobs.assumption", "' = '", dbt.safe_cast("moved_knobs.value", dbt.type_string()),
            "' (default '", dbt.safe_cast("moved_knobs.default_value", dbt.type_string()), "')'"
        ]) }} as knob_note
    from checks
    left join parts as numerator
        on checks.check_id = numerator.check_id and numerator.part = 'numerator'
    left join parts as denominator
        on checks.check_id = denominator.check_id and denominator.part = 'denominator'
    left join sources
        on checks.check_id = sources.check_id
    left join moved_knobs
        on checks.knob = moved_knobs.assumption
),

compared as (
    select
        computed.*,
        figures.value as published_value,
        figures.value_low as published_low,
        figures.value_high as published_high,
        coalesce(figures.value, (figures.value_low + figures.value_high) / 2)
        / nullif(
            coalesce(
                computed.warehouse_value,
                (computed.warehouse_low + computed.warehouse_high) / 2
            ),
            0
        ) as ratio,
        figures.value_low / nullif(computed.warehouse_low, 0) as ratio_low,
        figures.value_high / nullif(computed.warehouse_high, 0) as ratio_high,
        figures.metric,
        figures.unit,
        figures.year as figure_year,
        figures.attributed_to,
        figures.publisher,
        figures.title as publication,
        figures.published,
        figures.url,
        figures.locator,
        figures.confidence,
        figures.source_id
    from computed
    inner join figures on computed.figure_id = figures.figure_id
),

judged as (
    select
        compared.*,
        case
            when compared.ratio is not null and not compared.is_denominator_missing
                then
                    greatest(
                        abs(compared.ratio - 1),
                        coalesce(abs(compared.ratio_low - 1), 0),
                        coalesce(abs(compared.ratio_high - 1), 0)
                    )
        end as difference_frac
    from compared
)

select
    check_id,
    figure_id,
    attributed_to,
    publisher,
    publication,
    published,
    url,
    locator,
    confidence,
    geography_code,
    figure_year,
    year as warehouse_year,
    metric,
    unit,
    published_value,
    published_low,
    published_high,
    warehouse_value,
    warehouse_low,
    warehouse_high,
    how_computed,
    ratio,
    ratio_low,
    ratio_high,
    difference_frac,
    tolerance_frac,
    difference_max_frac,
    {{ reconciliation_verdict('difference_frac', 'tolerance_frac', 'difference',
                              'difference_max_frac', 'is_knob_moved') }} as verdict,
    case
        when difference_frac is null then 'the rows this check needs are not in this build'
        when is_knob_moved then knob_note
        when difference is null and difference_frac <= tolerance_frac then null
        when difference is not null and difference_frac <= difference_max_frac then difference
        when difference is not null
            then {{ dbt.concat(["'beyond what the stated difference explains: '", "difference"]) }}
        else 'like for like, and further apart than the tolerance'
    end as reason,
    warehouse_source_ids,
    source_id
from judged
