{#- The claims check's verdict rule (docs/notes/claims.md), one place for every claim.
    not_testable: no landed row can decide the claim (comparison = 'not_comparable': a target,
      a plan, no quantity), or either number is missing.
    comparison = 'warehouse_floor' (the warehouse's number is a lower bound of the claimed
      quantity: net additions for gross ones): consistent when the claimed value is not below
      the floor less the tolerance, else understated; a floor cannot show an overstatement.
    comparison = 'warehouse_ceiling' (an upper bound): consistent when the claimed value is
      not above the ceiling plus the tolerance, else overstated.
    comparison = 'about': consistent when the claimed value lies inside the warehouse's range
      [low, high] (the value itself where no range) widened by the tolerance on each side;
      above it overstated, below it understated.
    comparison = 'at_least' (the claim is a floor): consistent when the warehouse's high (or
      value) widened by the tolerance reaches the claimed value, else overstated. -#}
{% macro claim_verdict(claimed, value, low, high, comparison, tolerance) %}
    case
        when {{ comparison }} = 'not_comparable' or {{ claimed }} is null or {{ value }} is null
            then 'not_testable'
        when {{ comparison }} = 'warehouse_floor'
            then case
                when {{ claimed }} >= coalesce({{ low }}, {{ value }}) * (1 - {{ tolerance }})
                    then 'consistent'
                else 'understated'
            end
        when {{ comparison }} = 'warehouse_ceiling'
            then case
                when {{ claimed }} <= coalesce({{ high }}, {{ value }}) * (1 + {{ tolerance }})
                    then 'consistent'
                else 'overstated'
            end
        when {{ comparison }} = 'at_least'
            then case
                when coalesce({{ high }}, {{ value }}) * (1 + {{ tolerance }}) >= {{ claimed }}
                    then 'consistent'
                else 'overstated'
            end
        when {{ claimed }} > coalesce({{ high }}, {{ value }}) * (1 + {{ tolerance }})
            then 'overstated'
        when {{ claimed }} < coalesce({{ low }}, {{ value }}) * (1 - {{ tolerance }})
            then 'understated'
        else 'consistent'
    end
{% endmacro %}

{#- What decides the verdict when a bound does (the evidence says so); empty otherwise. -#}
{% macro claim_bound_note(comparison) %}
    case {{ comparison }}
        when 'warehouse_floor'
            then ' The verdict rests on a floor: the warehouse''s number is a lower bound of the claimed quantity, so the claim is consistent if not below it (less the tolerance) and cannot be shown overstated.'
        when 'warehouse_ceiling'
            then ' The verdict rests on a ceiling: the warehouse''s number is an upper bound of the claimed quantity, so the claim is consistent if not above it (plus the tolerance) and cannot be shown understated.'
        when 'at_least'
            then ' The claim is a floor ("at least"): consistent when the warehouse reaches it.'
        else ''
    end
{% endmacro %}

{#- A number as text for the evidence ('n/a' when missing, so the sentence survives). -#}
{% macro claim_number(x, digits=1) %}
    coalesce(cast(round({{ x }}, {{ digits }}) as {{ dbt.type_string() }}), 'n/a')
{% endmacro %}

{#- A 0-1 share as a percent for the evidence. -#}
{% macro claim_percent(x, digits=2) %}
    {{ dbt.concat([claim_number(x ~ ' * 100', digits), "' %'"]) }}
{% endmacro %}

{#- One cell of a pivot: the column's value on the row of this geography, year and scenario
    (inside an aggregate over the mart). -#}
{% macro claim_pick(column, geography_code, year, scenario) %}
    max(case
        when geography_code = '{{ geography_code }}' and year = {{ year }}
            and scenario = '{{ scenario }}'
            then {{ column }}
    end)
{% endmacro %}

{#- A check whose warehouse number has no range. -#}
{% macro claim_no_range() %}
    cast(null as {{ dbt.type_float() }}) as warehouse_low,
    cast(null as {{ dbt.type_float() }}) as warehouse_high
{% endmacro %}

{% macro claim_null_text() %}cast(null as {{ dbt.type_string() }}){% endmacro %}
