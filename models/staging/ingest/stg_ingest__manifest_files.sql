-- One row per file a landed raw table was parsed from, from the `files` list of its manifest.
with files as (
    select
        source_id,
        {{ unnest_list('files') }} as file
    from {{ source('ingest', 'manifests') }}
)

select
    files.source_id,
    cast(files.file.name as {{ dbt.type_string() }}) as file_name,
    cast(files.file.url as {{ dbt.type_string() }}) as pinned_url,
    cast(files.file.live_url as {{ dbt.type_string() }}) as live_url,
    cast(files.file.archive as {{ dbt.type_string() }}) as archive_name,
    cast(files.file.member as {{ dbt.type_string() }}) as archive_member,
    cast(files.file.version as {{ dbt.type_string() }}) as commit_or_version,
    cast(files.file.sha256 as {{ dbt.type_string() }}) as sha256,
    cast(files.file.bytes as {{ dbt.type_bigint() }}) as size_bytes,
    cast(files.file.retrieval_method as {{ dbt.type_string() }}) as retrieval_method,
    cast(files.file.retrieved_at as {{ type_timestamp_utc() }}) as retrieved_at,
    cast(files.file.retrieval_note as {{ dbt.type_string() }}) as retrieval_note
from files
