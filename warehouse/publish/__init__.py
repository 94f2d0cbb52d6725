"""Publish: from a validated build database, the export set (export.py: Parquet, CSV, the
catalog from dbt's manifest in catalog.py, the report in report.py) and the warehouse file
users open (database.py), swapped in together; a release packs the set (release.py)."""
