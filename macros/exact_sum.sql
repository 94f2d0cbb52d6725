{#- The sum of a numeric expression, exact and the same whatever order the rows arrive in.
    A sum of doubles depends on the order of its additions, which a parallel aggregate
    (DuckDB's threads, Spark's partitions) changes from run to run: 19.928424999999997 in one
    build, 19.928425000000004 in the next, and a different data version. Each value is
    rounded to 9 decimal places of its unit (1 kWh in TWh, 1 W in GW, 1e-9 g/kWh), summed
    exactly as a decimal, and returned as a double: the same bits on every run and engine.
    exact_avg is exact_sum over the count of non-null values. -#}
{% macro exact_sum(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 9))) as double)
{%- endmacro %}

{% macro exact_avg(expression) -%}
    {{ exact_sum(expression) }} / count({{ expression }})
{%- endmacro %}
