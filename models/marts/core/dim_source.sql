-- Every raw table the warehouse was built from, with its publisher, licence, URL, vintage
-- and checksums. Built from the manifests ingest writes, so each fact's source_id leads back
-- to the exact file it came from.
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
    file_sha256s,
    retrieved_at,
    rows_landed,
    rows_rejected
from {{ ref('stg_ingest__manifests') }}
