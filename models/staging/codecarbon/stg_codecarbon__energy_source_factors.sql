-- CodeCarbon's emission factor per energy source, with the reference it gives for each.
select
    energy_source,
    carbon_intensity_gco2e_per_kwh,
    reference,
    {{ source_id('codecarbon', 'energy_source_factors') }} as source_id
from {{ source('codecarbon', 'energy_source_factors') }}
