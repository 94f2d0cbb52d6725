{#- The verdict of a recomputed headline (fct_reconciliation__publisher_headlines), from the
    largest relative difference between the publisher's figure and the warehouse's (its value,
    or each end of a range): reproduced when the comparison is like for like (no stated
    difference) and within the tolerance; explained when a stated difference accounts for it,
    within that difference's bound, or when the warehouse's value follows a scenario knob the
    build moved from its default (another scenario than the publisher's); unexplained
    otherwise; not_computed when the warehouse has no value to compare (the rows the check
    needs are not in the build). -#}
{% macro reconciliation_verdict(difference_frac, tolerance_frac, difference, max_frac,
                                knob_moved) -%}
    case
        when {{ difference_frac }} is null then 'not_computed'
        when {{ knob_moved }} then 'explained'
        when {{ difference }} is null and {{ difference_frac }} <= {{ tolerance_frac }}
            then 'reproduced'
        when {{ difference }} is not null and {{ difference_frac }} <= {{ max_frac }}
            then 'explained'
        else 'unexplained'
    end
{%- endmacro %}
