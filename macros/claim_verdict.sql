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

{#- The forms a placeholder of seeds/claim_evidence.csv can ask for, after the number's name:
    {n} to 1 decimal, {n:0} and {n:2} to 0 and 2, {n:%1} and {n:%2} a 0-1 share as a
    percent, {n:year} the number's year, {n:label} its label. -#}
{% macro claim_evidence_forms() -%}
    {%- for form in ['', ':0', ':2', ':%1', ':%2', ':year', ':label'] %}
        select '{{ form }}' as form{% if not loop.last %} union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- A number as the text of one form ('n/a' where it is missing). -#}
{% macro claim_evidence_text(value, year, label, form) %}
    case {{ form }}
        when '' then {{ claim_number(value, 1) }}
        when ':0'
            then coalesce(
                cast(cast(round({{ value }}, 0) as {{ dbt.type_bigint() }}) as {{ dbt.type_string() }}),
                'n/a'
            )
        when ':2' then {{ claim_number(value, 2) }}
        when ':%1' then {{ claim_percent(value, 1) }}
        when ':%2' then {{ claim_percent(value, 2) }}
        when ':year' then coalesce(cast({{ year }} as {{ dbt.type_string() }}), 'n/a')
        when ':label' then coalesce({{ label }}, 'n/a')
    end
{% endmacro %}

{#- The most pieces (placeholders + 1) a claim's sentence may have; a seed test holds it. -#}
{% macro claim_max_pieces() %}{{ return(64) }}{% endmacro %}
