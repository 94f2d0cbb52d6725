-- When this build obtained and landed each file: the build's own record, apart from the data
-- it landed. A rebuild of the same files lands them again at another time, so these times
-- are kept out of dim_source and dim_source_file, and this table out of the data version's
-- hash (like dim_build and validation_results): equal data, equal bytes, equal hash.
select
    files.source_id,
    files.file_name,
    files.retrieved_at,
    manifests.landed_at,
    manifests.stale_since
from {{ ref('stg_ingest__manifest_files') }} as files
inner join {{ ref('stg_ingest__manifests') }} as manifests
    on files.source_id = manifests.source_id
