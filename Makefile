# Thin wrapper: the steps live in Python (warehouse/, ingest/, expectations/) and dbt (models/).
# `make build` walks the whole chain and skips every step whose inputs did not change; only
# `make ingest` and `make build` download. `make help` lists the targets (the `##` comments).
#
# Paths are environment variables read by Python, never make targets, so any of them may
# hold spaces: WAREHOUSE_DATA_DIR (data/), BUILD_DIR (target/), WAREHOUSE (warehouse.duckdb),
# EXPORTS_DIR (exports/), RELEASE_DIR (dist/), SOURCE_MIRROR (a local copy of the publishers'
# files). Relative values start at the repo.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

# Offline, quiet tools: no Python downloads, no usage tracking from dbt or GX.
export UV_PYTHON_DOWNLOADS := never
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False
export NO_MKDOCS_2_WARNING := 1
export DBT_PROFILES_DIR := $(CURDIR)

UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PY := .venv/bin/python
STEP := "$(PY)" -m warehouse
SPARK_STEP := .venv-spark/bin/python -m warehouse
# The Debian packages the tests' real services need: PostgreSQL (tests/test_bi_postgres.py),
# headless Chromium (tests/test_report.py), Java 17 for Spark (make spark, tests/test_spark.py).
# `make system-deps` installs them; .ci/run calls it; a test that skips without them names it.
SYSTEM_PACKAGES := postgresql chromium chromium-driver openjdk-17-jre-headless
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
DOCS_PORT ?= 8000

.PHONY: help setup setup-spark ingest dbt validate build export report release bi-postgres bi-local bi-local-stop test test-fast lint docs docs-serve readme system-deps status update-sources check-sources clean spark compare-engines bench

help: ## list these targets
	@grep -E '^[a-z-]+:.*## ' "$(firstword $(MAKEFILE_LIST))" \
		| awk -F ':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: .venv/.synced ## create .venv from uv.lock (idempotent; installs uv first if it is missing)
# .venv/bin/duckdb is DuckDB's command line on the Python package (warehouse/serve/shell.py): PyPI's
# duckdb-cli has no release for the DuckDB the build uses.
.venv/.synced: pyproject.toml uv.lock warehouse/serve/duckdb.sh
	@command -v uv >/dev/null || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen --python 3.11
	install -m 755 warehouse/serve/duckdb.sh .venv/bin/duckdb
	@touch "$@"

# The optional `spark` group (dbt-spark, pyspark) goes into an environment of its own, so that
# nothing `make build` and `make test` run can see it (pandera, for one, imports pyspark when
# it is there). It holds the project's packages too; uv links them from its cache.
setup-spark: .venv-spark/.synced ## create .venv-spark: .venv's packages and Spark's (`make spark` does it; Spark needs Java 17)
.venv-spark/.synced: .venv/.synced
	UV_PROJECT_ENVIRONMENT=.venv-spark $(UV) sync --frozen --python 3.11 --group spark
	@touch "$@"

build: setup ## ingest, dbt, validate; the warehouse changes only if every step passes
	$(STEP) build

ingest: setup ## fetch, verify and land every table that changed (SOURCE_MIRROR=<dir> reads a local copy)
	$(STEP) ingest

dbt: setup ## build the landed data into $BUILD_DIR/build.duckdb (downloads nothing)
	$(STEP) dbt

validate: setup ## dbt, the Great Expectations suites, then publish the warehouse and $EXPORTS_DIR (downloads nothing)
	$(STEP) validate

export: setup ## validate: the exports (Parquet, CSV, catalog, data package, snapshot, report) come with the warehouse
	$(STEP) export

report: setup ## validate, then print where the report is ($EXPORTS_DIR/report/index.html; static, offline)
	$(STEP) report

release: setup ## validate, then pack the exports into one zip named by data version, with its sha256 ($RELEASE_DIR)
	$(STEP) release

bi-postgres: setup ## validate, then load the exports into PostgreSQL (PG* variables) with a read-only role
	$(STEP) bi-postgres

bi-local: setup ## validate, then start a PostgreSQL server of our own ($BUILD_DIR/postgres, 127.0.0.1, port BI_LOCAL_PORT or 5433) and load it; prints the settings for a BI tool
	$(STEP) bi-local

bi-local-stop: setup ## stop the server `make bi-local` started
	$(STEP) bi-local-stop

docs: setup ## the documentation site in $BUILD_DIR/site (data dictionary, cookbook...) and dbt's docs as one offline HTML file (downloads nothing)
	$(STEP) docs

docs-serve: docs ## make docs, then serve the site on http://127.0.0.1:$DOCS_PORT (8000), rebuilt as docs/ changes
	"$(PY)" -m mkdocs serve --strict --dev-addr "127.0.0.1:$(DOCS_PORT)"

readme: setup ## write the README's headline table from the published warehouse (build on SOURCE_MIRROR first)
	$(STEP) readme

system-deps: ## install the Debian packages the PostgreSQL, Chromium and Spark tests need (apt-get; sudo unless root)
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES)

spark: setup-spark ## every model and dbt test on a local Spark session; marts as Parquet in $BUILD_DIR/spark/marts (no download)
	$(SPARK_STEP) spark

compare-engines: setup-spark ## every Spark mart against DuckDB's from the same landed files; exits 1 naming each difference
	$(SPARK_STEP) compare-engines

status: setup ## each landed table: vintage, rows, checksum against the pin, changed since landing, landed file intact
	"$(PY)" -m ingest status

# pytest-xdist runs the tests on TEST_WORKERS processes (auto: one a core); the tests on one
# shared build stay together on one worker, which builds it once (tests/conftest.py).
TEST_WORKERS ?= auto
PYTEST := "$(PY)" -m pytest -n $(TEST_WORKERS) --dist loadgroup

test: setup ## every test: unit, bad input, whole-warehouse builds (on SOURCE_MIRROR too if set)
	$(PYTEST)

# PYTHONDONTWRITEBYTECODE unset: pytest keeps each test module as it rewrote it in
# __pycache__, so a worker compiles only the ones that changed (2 s a worker otherwise). A
# passing test's temporary folder goes when the test ends, on its worker, rather than after
# a later session's last test (some 14,000 files a run).
test-fast: setup ## the tests without whole-warehouse builds (a quick inner loop)
	PYTHONDONTWRITEBYTECODE= $(PYTEST) -m "not build" -o tmp_path_retention_policy=failed

lint: setup ## ruff and mypy for Python, sqlfluff for the SQL, and generated files up to date
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/sqlfluff lint models macros tests/dbt
	"$(PY)" -m warehouse generate --check

update-sources: setup ## re-pin the registry to the publishers' current files (an explicit act)
	"$(PY)" -m ingest update-sources
	"$(PY)" -m warehouse generate

check-sources: setup ## dry run of the downloads: each file's URL, its local copy, the size served now
	"$(PY)" -m ingest check-sources

clean: setup ## remove the data, build folder and warehouse the build made; keeps .venv
	$(STEP) clean

bench: setup ## time and measure the build and the hourly data at 1x/10x/50x against bare DuckDB ($BUILD_DIR/bench/results.json; needs SOURCE_MIRROR)
	"$(PY)" -m bench
