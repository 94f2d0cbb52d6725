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
    {{ dbt.safe_cast("retrieved_at", dbt.type_timestamp()) }} as retrieved_at,
    {{ dbt.safe_cast("rows_landed", dbt.type_bigint()) }} as rows_landed,
    {{ dbt.safe_cast("rows_rejected", dbt.type_bigint()) }} as rows_rejected
from {{ source('ingest', 'manifests') }}
