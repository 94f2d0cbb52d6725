{#- MtCO2e emitted by `twh` of electricity at `gco2e_per_kwh`: TWh -> MWh, g/kWh -> t/MWh,
    t -> Mt, each factor from the unit_conversions seed (net: TWh x g/kWh / 1000). -#}
{% macro emissions_mtco2e(twh, gco2e_per_kwh) -%}
    round(
        {{ twh }} * {{ unit_factor('TWh', 'MWh') }}
        * {{ gco2e_per_kwh }} / {{ unit_factor('t/MWh', 'g/kWh') }}
        / {{ unit_factor('MtCO2e', 'tCO2e') }},
        3
    )
{%- endmacro %}

{#- tCO2e emitted by `gwh` of electricity at `gco2e_per_kwh`: GWh -> MWh, g/kWh -> t/MWh, each
    factor from the unit_conversions seed (net: GWh x g/kWh), to a tenth of a tonne. -#}
{% macro emissions_tco2e(gwh, gco2e_per_kwh) -%}
    round(
        {{ gwh }} * {{ unit_factor('GWh', 'MWh') }}
        * {{ gco2e_per_kwh }} / {{ unit_factor('t/MWh', 'g/kWh') }},
        1
    )
{%- endmacro %}
