-- Every raw table the warehouse was built from, with its publisher, licence, URL, vintage,
-- caveats and checksums, and whether a KEEP_GOING build kept it from an earlier landing.
-- Built from the manifests ingest writes, so each fact's source_id leads back to the exact
-- files it came from (dim_source_file). When this build retrieved and landed each table is
-- in dim_source_landing: a fact about the build, not about the data, it stays out of the
-- data version's hash so that a rebuild of the same files gives the same bytes.
select
    source_id,
    source_name,
    table_name,
    family,
    publisher,
    title,
    description,
    licence,
    url,
    homepage,
    vintage,
    caveats,
    file_sha256s,
    stale_since is not null as is_stale,
    stale_reason,
    rows_landed,
    rows_rejected
from {{ ref('stg_ingest__manifests') }}
