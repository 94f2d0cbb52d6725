-- GSF's projections of the same metadata for 2024 and 2025 (trended, not disclosed).
{{ stg_gsf_cloud_region('cloud_region_yearly_estimate', 'true') }}
