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
    cast(retrieved_at as {{ dbt.type_timestamp() }}) as retrieved_at,
    cast(rows_landed as {{ dbt.type_bigint() }}) as rows_landed,
    cast(rows_rejected as {{ dbt.type_bigint() }}) as rows_rejected
from {{ source('ingest', 'manifests') }}
