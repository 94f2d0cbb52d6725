"""Serve: what reads a published build: PostgreSQL for BI tools (bi.py), queries and DuckDB's
shell on the warehouse (query.py, shell.py), the documentation site (site.py and its MkDocs
hooks)."""
