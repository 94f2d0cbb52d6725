{#- A contract's constraints hold on Spark as they do on DuckDB, whose DDL enforces them.
    dbt-spark only adds them to Delta tables; for Parquet it checks names and types and
    nothing else. So after a contracted table is written, count the rows that break each
    not_null or check constraint (all in one scan), and on any stop, naming them (the run
    fails; `make spark` starts the next one from an empty folder). -#}
{% macro spark__persist_constraints(relation, model) %}
    {%- if not config.get('contract').enforced %}{{ return('') }}{% endif -%}
    {%- set broken = [] -%}
    {%- for column in model.columns.values() -%}
        {%- for constraint in column.constraints -%}
            {%- if constraint.type == 'not_null' -%}
                {%- do broken.append((column.name ~ ' is not null', column.name ~ ' is null')) -%}
            {%- elif constraint.type == 'check' -%}
                {%- do broken.append(spark_check_broken(constraint.expression)) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for constraint in model.constraints if constraint.type == 'check' -%}
        {%- do broken.append(spark_check_broken(constraint.expression)) -%}
    {%- endfor -%}
    {%- if not broken %}{{ return('') }}{% endif -%}
    {#- one scan for all of them: a count of the rows breaking each -#}
    {%- set counts = [] -%}
    {%- for rule, where in broken -%}
        {%- do counts.append('sum(case when ' ~ where ~ ' then 1 else 0 end)') -%}
    {%- endfor -%}
    {%- set row = run_query('select ' ~ counts | join(', ') ~ ' from ' ~ relation).rows[0] -%}
    {%- for rule, where in broken -%}
        {%- set rows = row[loop.index0] or 0 -%}
        {%- if rows > 0 -%}
            {{ exceptions.raise_compiler_error(
                'contract of ' ~ model.name ~ ': ' ~ rows ~ ' rows break `' ~ rule ~ '`'
            ) }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{#- A check constraint and the rows that break it (a null passes, as in SQL). -#}
{% macro spark_check_broken(expression) %}
    {{ return((expression, 'not coalesce(' ~ expression ~ ', true)')) }}
{% endmacro %}

{#- persist_docs: dbt-spark comments table columns only for Delta, Hudi and Iceberg; Spark's
    own Parquet tables take column comments too. -#}
{% macro spark__alter_column_comment(relation, column_dict) %}
    {%- for column_name, column in column_dict.items() -%}
        {%- set name = adapter.quote(column_name) if column.get('quote') else column_name -%}
        {%- do run_query(
            'alter table ' ~ relation ~ ' change column ' ~ name ~ " comment '"
            ~ column.description | replace("'", "\\'") ~ "'"
        ) -%}
    {%- endfor -%}
{% endmacro %}
