{#- Spark finds a source as a table in its catalog; DuckDB reads each source's
    external_location. So that one source definition serves both, Spark registers, before
    anything runs (on-run-start), a table over the landed files of every source a selected
    node uses (a unit test's model counts: dbt reads its inputs' columns): at meta.spark
    {format, path, options} when the source has one (DuckDB's location is an expression
    such as read_json(...)), else at its external_location, a file path whose suffix names
    the format. A table that never landed is an empty view. -#}
{% macro register_sources() %}
    {{ return(adapter.dispatch('register_sources')()) }}
{% endmacro %}

{% macro default__register_sources() %}{% endmacro %}

{% macro spark__register_sources() %}
    {%- if not execute %}{{ return('') }}{% endif -%}
    {#- never landed (a live source without its key): warehouse/spark.py names them -#}
    {%- set unlanded = env_var('SPARK_UNLANDED_TABLES', '').split(',') -%}
    {%- set selected = [] -%}
    {%- for unique_id in selected_resources -%}
        {%- do selected.append('model.' ~ unique_id.split('.')[1:3] | join('.')
            if unique_id.startswith('unit_test.') else unique_id) -%}
    {%- endfor -%}
    {%- set used = [] -%}
    {%- for node in graph.nodes.values() if node.unique_id in selected -%}
        {%- for unique_id in node.depends_on.nodes if unique_id.startswith('source.') -%}
            {%- do used.append(unique_id) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for source in graph.sources.values() if source.unique_id in used -%}
        {%- set files = spark_source_files(source) -%}
        {%- set table = source.schema ~ '.' ~ source.identifier -%}
        {%- set options = [] -%}
        {%- for key, value in files.get('options', {}).items() -%}
            {%- do options.append(key ~ " '" ~ value ~ "'") -%}
        {%- endfor -%}
        {%- do run_query('create schema if not exists ' ~ source.schema) -%}
        {%- do run_query('drop table if exists ' ~ table) -%}  {#- external: files stay -#}
        {%- if source.source_name ~ '.' ~ source.name in unlanded -%}
            {%- do run_query('create or replace view ' ~ table ~ ' as '
                ~ empty_source(source.source_name, source.name)) -%}
        {%- else -%}
            {%- do run_query(
                'create table ' ~ table ~ ' using ' ~ files.format
                ~ (' options (' ~ options | join(', ') ~ ')' if options else '')
                ~ " location '" ~ files.path | replace("'", "\\'") ~ "'"
            ) -%}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{#- {format, path, options} of the files behind a source table. -#}
{% macro spark_source_files(source) %}
    {%- set meta = {} -%}
    {%- do meta.update(source.source_meta or {}) -%}
    {%- do meta.update(source.meta or {}) -%}
    {%- if meta.get('spark') -%}
        {{ return(meta.spark) }}
    {%- endif -%}
    {%- set path = (meta.get('external_location') or '')
        | replace('{name}', source.identifier)
        | replace('{identifier}', source.identifier)
        | replace('{schema}', source.schema) -%}
    {%- set suffix = path.rsplit('.', 1)[-1] -%}
    {%- if suffix not in ('parquet', 'csv', 'json') or '(' in path -%}
        {{ exceptions.raise_compiler_error(
            'source ' ~ source.source_name ~ '.' ~ source.name ~ ': Spark cannot read '
            ~ 'external_location ' ~ path ~ ' (not a .parquet, .csv or .json path): give the '
            ~ 'source meta.spark {format, path, options}'
        ) }}
    {%- endif -%}
    {{ return({'format': suffix, 'path': path}) }}
{% endmacro %}
