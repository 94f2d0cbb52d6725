"""Provenance in the warehouse tells the truth: each file's pinned and live URL, commit or
version, checksum, size and how this build obtained it (dim_source_file), and each source's
caveats and staleness (dim_source). Built once on the fixtures (the session's `built`)."""

import pytest

from tests.conftest import digest, query

pytestmark = pytest.mark.build


def test_every_landed_file_has_a_row_with_its_pin(built):
    rows = query(
        built,
        "select source_id, file_name, sha256, size_bytes from marts.dim_source_file "
        "where source_id = 'ember.country_yearly'",
    )
    path = built.mirror / "ember_data_api/api_country_overview_yearly.csv"
    assert rows == [
        ("ember.country_yearly", path.name, digest(path), path.stat().st_size),
    ]
    (missing,) = query(
        built,
        "select count(*) from marts.dim_source s "
        "left join marts.dim_source_file f using (source_id) where f.source_id is null",
    )[0]
    assert missing == 0


def test_iea_points_at_the_copy_whose_bytes_are_pinned(built):
    (url,) = query(built, "select url from marts.dim_source where source_id like 'iea.%'")[0]
    pinned, live, version = query(
        built,
        "select pinned_url, live_url, commit_or_version from marts.dim_source_file "
        "where source_id like 'iea.%'",
    )[0]
    assert url == pinned and pinned.startswith("https://raw.githubusercontent.com/chiru-2001/")
    assert version == "commit 5b2a1e6eef4bc172eb8eea099ecd7edb720de369" and version[7:] in pinned
    assert live.startswith("https://www.iea.org/")


def test_files_of_one_table_keep_their_own_commits(built):
    versions = query(
        built,
        "select distinct commit_or_version from marts.dim_source_file "
        "where source_id like 'google.%' order by 1",
    )
    assert len(versions) > 1  # one source, files from several commits


def test_archive_members_name_the_archive_and_member(built):
    rows = query(
        built,
        "select archive_name, archive_member, pinned_url from marts.dim_source_file "
        "where file_name = 'usa_emissions.json'",
    )
    assert rows == [
        (
            "codecarbon-3.3.2-py3-none-any.whl",
            "codecarbon/data/private_infra/2023/usa_emissions.json",
            rows[0][2],
        )
    ]
    assert rows[0][2].startswith("https://files.pythonhosted.org/")


def test_mirror_copies_say_so_instead_of_a_retrieval_time(built):
    notes = query(
        built,
        "select distinct f.retrieval_method, l.retrieved_at is null, "
        "f.retrieval_note like 'read from a SOURCE_MIRROR copy (%); when it was retrieved is %' "
        "from marts.dim_source_file f join marts.dim_source_landing l using (source_id, file_name) "
        "where not f.pinned_url like 'repo:%'",
    )
    assert notes == [("mirror", True, True)]
    assert query(
        built, "select count(*) from marts.dim_source_landing where retrieved_at is not null"
    ) == [(0,)]


def test_landing_times_are_the_builds_record_apart_from_the_data(built):
    """When each table was landed is in dim_source_landing, one row per file, and in neither
    dim_source nor dim_source_file: a rebuild lands the same files at another time and must
    give the same bytes (tests/test_reproducible.py)."""
    columns = query(
        built,
        "select table_name, column_name from duckdb_columns() where schema_name = 'marts' "
        "and table_name like 'dim_source%' and (column_name like '%_at' "
        "or column_name like '%_since') order by 1, 2",
    )
    assert columns == [
        ("dim_source_landing", "landed_at"),
        ("dim_source_landing", "retrieved_at"),
        ("dim_source_landing", "stale_since"),
    ]
    assert query(
        built,
        "select (select count(*) from marts.dim_source_landing where landed_at is not null), "
        "(select count(*) from marts.dim_source_file)",
    ) == [(query(built, "select count(*) from marts.dim_source_file")[0][0],) * 2]


def test_caveats_travel_with_the_source(built):
    (caveats,) = query(
        built,
        "select caveats from marts.dim_source where source_id = 'electricitymaps.zone_yearly'",
    )[0]
    assert "Do not mix them in one column" in caveats
    assert query(built, "select count(*) from marts.dim_source where is_stale") == [(0,)]
