"""Fetch, parse, validate and land the publishers' files as checked Parquet."""
