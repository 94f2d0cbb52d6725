-- GSF copies Google's hourly CFE into its region metadata: for 2019-2023 every region both
-- publish agrees within 0.005 (Google prints two decimals). 2024 is left out: GSF's
-- "reported" 2024 Google rows repeat Google's 2023 figures, not Google's 2024 file.
select
    google.cloud_region,
    google.year,
    google.provider_cfe_hourly_frac as google_frac,
    gsf.provider_cfe_hourly_frac as gsf_frac
from {{ ref('stg_google__region_carbon_yearly') }} as google
inner join {{ ref('stg_gsf__cloud_region_yearly') }} as gsf
    on
        gsf.cloud_provider = 'Google Cloud'
        and google.cloud_region = gsf.cloud_region
        and google.year = gsf.year
where
    google.year <= 2023
    and abs(google.provider_cfe_hourly_frac - gsf.provider_cfe_hourly_frac) > 0.005
