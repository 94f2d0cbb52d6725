{#- The scenario knobs the user set as dbt vars (`--vars`, make's DBT_VARS), as a dict of
    knob name -> number. The knob names are read from the seed when dbt runs, so a new seed
    row is a new var; a var that is not a number stops the build. -#}
{% macro assumption_overrides(seed) %}
    {% set overrides = {} %}
    {% if execute %}
        {% for name in run_query('select assumption from ' ~ seed).columns[0].values() %}
            {% if var(name, none) is not none %}
                {% if var(name) is not number %}
                    {{ exceptions.raise_compiler_error(
                        "var " ~ name ~ " must be a number, not " ~ var(name) | string
                    ) }}
                {% endif %}
                {% do overrides.update({name: var(name)}) %}
            {% endif %}
        {% endfor %}
    {% endif %}
    {{ return(overrides) }}
{% endmacro %}
