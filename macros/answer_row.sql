{#- The columns of one row of an answer mart (fct_dc__yearly_france_answer), in its contract's
    order and types: `columns` maps a column to its SQL expression; a column it leaves out is
    a typed null. One place for the twenty columns, so each part of the answer says only what
    it fills. `primary` names a relation of int_dc__demand_share_citations whose row the
    number is computed from: its primary series' scope, publisher, figure and source fill
    those columns unless `columns` says otherwise. geography_code, year and scenario default
    to the columns of that name (of `primary` where given). -#}
{% macro answer_row(part_order, answer_part, columns, primary=none) -%}
    {%- set str = dbt.type_string() -%}
    {%- set types = [
        ('part_order', dbt.type_int()), ('answer_part', str), ('geography_code', str),
        ('year', dbt.type_int()), ('scenario', str), ('measure', str), ('value', 'double'),
        ('value_low', 'double'), ('value_high', 'double'), ('unit', str), ('scope', str),
        ('estimate_kind', str), ('is_primary', 'boolean'), ('publisher', str),
        ('figure_id', str), ('source_id', str), ('basis', str), ('basis_source_id', str),
        ('emission_scope', str), ('note', str),
    ] -%}
    {%- for name in columns if name not in types | map('first') | list -%}
        {{ exceptions.raise_compiler_error("answer_row: no column " ~ name) }}
    {%- endfor -%}
    {%- set prefix = primary ~ '.' if primary else '' -%}
    {%- set values = {
        'geography_code': prefix ~ 'geography_code', 'year': prefix ~ 'year',
        'scenario': prefix ~ 'scenario',
    } -%}
    {%- if primary -%}
        {%- do values.update({
            'scope': primary ~ '.primary_scope', 'is_primary': 'true',
            'publisher': primary ~ '.primary_publisher', 'figure_id': primary ~ '.figure_id',
            'source_id': primary ~ '.source_id',
        }) -%}
    {%- endif -%}
    {%- do values.update(columns) -%}
    {%- do values.update({'part_order': part_order, 'answer_part': "'" ~ answer_part ~ "'"}) -%}
    {% for name, type in types -%}
        cast({{ values.get(name, 'null') }} as {{ type }}) as {{ name }}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}
