-- Every gross capacity addition typed in the curated figures sits beside IRENA's total for
-- its geography and year; one that finds no IRENA row (a year IRENA has not published yet)
-- must not vanish silently.
select buildout.figure_id
from {{ ref('stg_curated__buildout_figures') }} as buildout
left join {{ ref('fct_capacity__yearly_additions') }} as mart
    on buildout.figure_id = mart.gross_additions_figure_id
where buildout.metric = 'power_capacity_added' and mart.gross_additions_figure_id is null
