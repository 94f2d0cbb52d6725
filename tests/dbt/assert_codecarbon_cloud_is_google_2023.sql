-- CodeCarbon's cloud table states no year; staging dates it 2023 because its values are
-- Google's 2023 file. Each region both publish must agree within 0.5 gCO2e/kWh (Google
-- publishes whole grams for 2023). A newer CodeCarbon that moves to Google's 2024 figures
-- fails here, and the year in stg_codecarbon__cloud_region_intensity must move with it.
select
    codecarbon.cloud_region,
    codecarbon.grid_carbon_intensity_gco2e_per_kwh as codecarbon_gco2e_per_kwh,
    google.grid_carbon_intensity_gco2e_per_kwh as google_gco2e_per_kwh
from {{ ref('stg_codecarbon__cloud_region_intensity') }} as codecarbon
inner join {{ ref('stg_google__region_carbon_yearly') }} as google
    on codecarbon.cloud_region = google.cloud_region and codecarbon.year = google.year
where
    abs(codecarbon.grid_carbon_intensity_gco2e_per_kwh - google.grid_carbon_intensity_gco2e_per_kwh)
    > 0.5
union all
-- and at least one region in common, or the check above would pass on nothing
select
    'no region in common' as cloud_region,
    null as codecarbon_gco2e_per_kwh,
    null as google_gco2e_per_kwh
from {{ ref('stg_codecarbon__cloud_region_intensity') }} as codecarbon
inner join {{ ref('stg_google__region_carbon_yearly') }} as google
    on codecarbon.cloud_region = google.cloud_region and codecarbon.year = google.year
having count(*) = 0
