{#- The rows of `relation` (geography_code, `period_columns`, source_id, method and the
    series' priority and emission scope from seeds/grid_intensity_series.csv), with
    is_primary: a geography's primary line keeps the method of its highest-ranked series, and
    in each period the highest-ranked row with that method is primary. Periods with rows of
    other methods only have no primary row. is_primary_in_scope: the highest-ranked row of
    each period and emission scope (lifecycle, direct), where measured outranks derived. -#}
{% macro primary_series(relation, period_columns) -%}
    with prioritised as (
        select
            series_rows.*,
            series.priority,
            series.emission_scope
        from {{ relation }} as series_rows
        left join {{ ref('grid_intensity_series') }} as series
            on series_rows.source_id = series.source_id and series_rows.method = series.method
    ),

    with_primary_method as (
        select
            prioritised.*,
            first_value(prioritised.method) over (
                partition by prioritised.geography_code
                order by prioritised.priority nulls last
            ) as primary_method
        from prioritised
    )

    select
        with_primary_method.*,
        with_primary_method.method = with_primary_method.primary_method
        and row_number() over (
            partition by with_primary_method.geography_code, {{ period_columns | join(', ') }}
            order by
                case when with_primary_method.method = with_primary_method.primary_method
                    then 0 else 1 end,
                with_primary_method.priority nulls last
        ) = 1 as is_primary,
        row_number() over (
            partition by
                with_primary_method.geography_code,
                {{ period_columns | join(', ') }},
                with_primary_method.emission_scope
            order by with_primary_method.priority nulls last
        ) = 1 as is_primary_in_scope
    from with_primary_method
{%- endmacro %}
