{#- TWh from a published rate or share and the base (TWh) its publication states. method:
    compound_growth (base grown `years` years at the rate) or share_of_base (base x share).
    Rounded to 0.01 TWh: the bases are published to the TWh at best. -#}
{% macro derived_twh(method, rate_or_share, base_twh, years) -%}
    round(
        case {{ method }}
            when 'compound_growth' then {{ base_twh }} * power(1 + {{ rate_or_share }}, {{ years }})
            when 'share_of_base' then {{ base_twh }} * {{ rate_or_share }}
        end,
        2
    )
{%- endmacro %}
