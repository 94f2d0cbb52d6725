-- GSF's yearly cloud-region metadata as the providers disclosed it (Google 2019-2024, AWS
-- 2021-2024, Azure 2022-2023), with each region's place.
{{ stg_gsf_cloud_region('cloud_region_yearly', 'false') }}
