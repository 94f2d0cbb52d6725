{#- The warehouse's names of IRENA's technologies, and the two roll-ups the capacity mart
    adds: the accepted values of `technology` wherever it appears. -#}
{% macro capacity_technologies(with_rollups=false) -%}
    {%- set technologies = [
        'coal', 'natural_gas', 'oil', 'other_fossil', 'nuclear', 'pumped_storage',
        'other_non_renewable', 'solar_pv', 'solar_thermal', 'onshore_wind', 'offshore_wind',
        'hydropower', 'mixed_hydro', 'marine', 'geothermal', 'solid_biofuels',
        'liquid_biofuels', 'biogas', 'renewable_municipal_waste'
    ] -%}
    {{ return(technologies + (['renewable', 'non_renewable', 'total'] if with_rollups else [])) }}
{%- endmacro %}
