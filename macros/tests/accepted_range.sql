{#- Rows whose value lies outside [min_value, max_value] (bounds optional, inclusive unless
    inclusive=false). Nulls pass; pair with not_null where a value is required. -#}
{% test accepted_range(
    model, column_name, min_value=none, max_value=none, inclusive=true, where=none
) %}
    {%- set below = "<" if inclusive else "<=" -%}
    {%- set above = ">" if inclusive else ">=" -%}
    select *
    from {{ model }}
    where
        {{ column_name }} is not null
        and (
            false
            {% if min_value is not none -%}
                or {{ column_name }} {{ below }} {{ min_value }}
            {%- endif %}
            {% if max_value is not none -%}
                or {{ column_name }} {{ above }} {{ max_value }}
            {%- endif %}
        )
        {% if where -%} and ({{ where }}) {%- endif %}
{% endtest %}
