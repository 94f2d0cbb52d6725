"""Build: dbt turns the landed files into the build database (dbt.py), on DuckDB or, with the
same models, on Spark (spark.py), whose marts are compared with DuckDB's (compare.py)."""
