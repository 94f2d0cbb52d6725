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
