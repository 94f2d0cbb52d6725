{#- The rows of fct_ai__yearly_demand_share with what an answer cites beside them
    (int_dc__demand_share_citations: figure_id, the primary series' scope and publisher, the
    last historical year, is_answer_year): one join for every part of the French answer. -#}
{% macro cited_demand_shares() -%}
    select
        shares.*,
        citations.figure_id,
        citations.primary_scope,
        citations.primary_publisher,
        citations.last_history_year,
        citations.is_answer_year
    from {{ ref('fct_ai__yearly_demand_share') }} as shares
    inner join {{ ref('int_dc__demand_share_citations') }} as citations
        on
            shares.geography_code = citations.geography_code
            and shares.year = citations.year
            and shares.scenario = citations.scenario
{%- endmacro %}
