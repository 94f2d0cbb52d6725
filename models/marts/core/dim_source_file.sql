-- Every file the warehouse was built from: where its pinned bytes are downloaded from, where
-- the publisher serves its current vintage, the commit or release, checksum, size, and how
-- this build obtained it (when: dim_source_landing). A table's files may come from several
-- commits (dim_source.vintage names the release as a whole).
select
    source_id,
    file_name,
    pinned_url,
    live_url,
    archive_name,
    archive_member,
    commit_or_version,
    sha256,
    size_bytes,
    retrieval_method,
    retrieval_note
from {{ ref('stg_ingest__manifest_files') }}
