# Thin wrapper: the logic lives in Python (ingest/, expectations/) and dbt (models/).
# `make build` walks the whole chain and skips every step whose inputs did not change.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

# Every generated path can be moved (the tests build into a scratch directory).
export WAREHOUSE_DATA_DIR ?= $(CURDIR)/data
BUILD_DIR ?= $(CURDIR)/target
WAREHOUSE ?= $(CURDIR)/warehouse.duckdb
BUILD_DB := $(BUILD_DIR)/build.duckdb

# Offline, quiet tools: no Python downloads, no usage tracking from dbt or GX.
export UV_PYTHON_DOWNLOADS := never
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_TARGET_PATH := $(BUILD_DIR)
export DBT_LOG_PATH := $(BUILD_DIR)/logs

UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
DBT := $(VENV)/bin/dbt

LANDED := $(WAREHOUSE_DATA_DIR)/raw/.landed
DBT_BUILT := $(BUILD_DIR)/.dbt-built
DBT_INPUTS := dbt_project.yml profiles.yml $(shell find models macros seeds tests/dbt -type f)
SUITES := $(wildcard expectations/*.py expectations/suites/*.json)

.PHONY: setup ingest dbt validate build test lint docs clean update-sources check-sources status FORCE

## setup: create .venv from uv.lock (idempotent; installs uv first if it is missing)
setup: $(VENV)/.synced
$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen --python 3.11
	@touch $@

## ingest: fetch, validate and land every source that changed (SOURCE_MIRROR=<dir> reads a local copy)
ingest: $(LANDED)
$(LANDED): FORCE | setup
	$(PY) -m ingest land

## dbt: build seeds, models and dbt tests into $(BUILD_DB) (never into the published file)
dbt: $(DBT_BUILT)
$(DBT_BUILT): $(LANDED) $(DBT_INPUTS) | setup
	@mkdir -p $(BUILD_DIR)
	rm -f $(BUILD_DB) $(BUILD_DB).wal
	WAREHOUSE_PATH=$(BUILD_DB) $(DBT) build --quiet --no-use-colors
	@touch $@

## validate: run the Great Expectations suites, then publish $(WAREHOUSE) atomically
validate: $(WAREHOUSE)
$(WAREHOUSE): $(DBT_BUILT) $(SUITES)
	$(PY) -m expectations $(BUILD_DB)
	cp $(BUILD_DB) $(WAREHOUSE).tmp && mv -f $(WAREHOUSE).tmp $(WAREHOUSE)

## build: ingest, dbt, validate; the warehouse changes only if every step passes
build: validate

## test: unit and bad-input tests, a build on fixtures, and a build on SOURCE_MIRROR if set
test: setup
	$(PY) -m pytest

## lint: ruff for Python, sqlfluff for the SQL, and generated files up to date
lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .
	$(VENV)/bin/sqlfluff lint models macros tests/dbt
	$(PY) -m ingest generate --check

## docs: dbt docs as one offline HTML file, $(BUILD_DIR)/static_index.html
docs: $(DBT_BUILT)
	WAREHOUSE_PATH=$(BUILD_DB) $(DBT) docs generate --static --no-use-colors

## status: each landed table with its vintage, rows and checksum against the pin
status: setup
	$(PY) -m ingest status

## update-sources: re-pin the registry to the publishers' current files (an explicit act)
update-sources: setup
	$(PY) -m ingest update-sources
	$(PY) -m ingest generate

## check-sources: dry run of the downloads: each file's URL, local copy, and the size served now
check-sources: setup
	$(PY) -m ingest check-sources

## clean: remove generated output (data, build, warehouse); keeps .venv
clean:
	rm -rf $(WAREHOUSE_DATA_DIR) $(BUILD_DIR) logs $(WAREHOUSE) $(WAREHOUSE).tmp

FORCE:
