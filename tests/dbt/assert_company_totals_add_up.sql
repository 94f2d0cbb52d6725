-- A company's total emissions equal Scope 1 + Scope 2 market-based + Scope 3 in the same
-- edition and year, within 1%: Apple rounds its gross footprint to 0.1 MtCO2e (0.4% of its
-- FY2023 16.1 Mt) and Amazon prints each scope to 0.01 Mt; the others add up to within a
-- thousand tonnes. A larger gap is a scope mapped to the wrong metric or a mistyped figure.
select
    company,
    report_edition,
    year,
    scope1_emissions_tco2e,
    scope2_emissions_market_based_tco2e,
    scope3_emissions_tco2e,
    total_emissions_tco2e
from {{ ref('fct_company__yearly_footprint') }}
where
    abs(
        scope1_emissions_tco2e + scope2_emissions_market_based_tco2e + scope3_emissions_tco2e
        - total_emissions_tco2e
    )
    > 0.01 * total_emissions_tco2e
