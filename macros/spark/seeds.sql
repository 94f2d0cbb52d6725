{#- Seeds on Spark. dbt-spark writes column_types into the DDL as they are (DuckDB's names),
    and its session method pastes each value into the insert between quotes without
    escaping them (Côte d'Ivoire breaks the statement). So: Spark's type names, and every
    value a string literal, escaped, cast to its column's type as the CSV text reads. -#}
{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_types = model['config'].get('column_types') or {} -%}
    {%- for column, data_type in column_types.items() -%}
        {%- do column_types.update({column: spark_type(data_type)}) -%}
    {%- endfor -%}
    {{ return(dbt.spark__create_csv_table(model, agate_table)) }}
{% endmacro %}

{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_types = model['config'].get('column_types') or {} -%}
    {%- set types = [] -%}
    {%- for name in agate_table.column_names -%}
        {%- do types.append(spark_type(
            column_types.get(name) or adapter.convert_type(agate_table, loop.index0)
        )) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for value in row -%}
                    {%- if value is none -%} null
                    {%- else -%}
                        cast('{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
                        as {{ types[loop.index0] }})
                    {%- endif -%}
                    {{- ", " if not loop.last -}}
                {%- endfor -%}
                ){{ "," if not loop.last }}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first %}{% do statements.append(sql) %}{% endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}
