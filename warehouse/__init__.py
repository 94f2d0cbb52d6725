"""The build around ingest and dbt, laid out in the order a build runs: build/ (dbt, Spark),
publish/ (exports, warehouse file, release), serve/ (PostgreSQL, queries, docs site). The
command line (cli.py) reads the settings once and runs the steps (steps.py, clean.py); the
modules beside it are shared by every phase: settings, errors, the build lock, stamps, SQL
quoting, the scenario knobs, units. A phase imports only from itself, earlier phases and the
shared modules (tests/test_imports.py)."""
