#!/bin/sh
# .venv/bin/duckdb, installed by `make setup`: the DuckDB command line on the Python package
# the build uses (warehouse/serve/shell.py), so the command line's DuckDB is the build's.
venv="$(cd "$(dirname "$0")/.." && pwd)"
PYTHONPATH="$(dirname "$venv")${PYTHONPATH:+:$PYTHONPATH}" exec "$venv/bin/python" -P -m warehouse.serve.shell "$@"
