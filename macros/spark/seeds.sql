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
        {%- set rows = [] -%}
        {%- for row in chunk -%}
            {%- set values = [] -%}
            {%- for value in row -%}
                {%- do values.append(spark_seed_value(value, types[loop.index0])) -%}
            {%- endfor -%}
            {%- do rows.append('(' ~ values | join(', ') ~ ')') -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values\n' ~ rows | join(',\n') -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{% macro spark_seed_value(value, data_type) %}
    {%- if value is none %}{{ return('null') }}{% endif -%}
    {%- set text = (value | string).replace('\\', '\\\\').replace("'", "\\'") -%}
    {{ return("cast('" ~ text ~ "' as " ~ data_type ~ ")") }}
{% endmacro %}
