# FactDB: `make run` starts the whole product on the embedded default; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint format bench native chromium stop clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "FactDB needs Python 3.11 or newer; found $$($(PYTHON) --version 2>&1)." \
	         "Set PYTHON=/path/to/python3.11 or newer."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Installs come from the hash-pinned locks, which the pip that Python ships installs as they are:
# each lock names every package, so pip installs it without resolving (--no-deps; its resolver in
# pip 23 refuses a pinned package asked for with an extra, lxml[html_clean]). After changing
# requirements*.txt regenerate them (README, Dependencies).
$(VENV)/.runtime-installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $@

$(VENV)/.dev-installed: requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	@touch $@ $(VENV)/.runtime-installed

# The extraction engine compiled with mypyc, rebuilt when a source of it changes; the engine
# uses it only while it matches the sources (claims/extraction/native.py).
NATIVE := build/native/manifest.json
ENGINE_SOURCES := $(shell find claims/extraction -name '*.py')

$(NATIVE): $(ENGINE_SOURCES) | $(VENV)/.runtime-installed
	$(BIN)/python -m claims.extraction.native_build

native: $(NATIVE)

# The admin's browser tests drive Debian's headless Chromium (tests/claims/admin/conftest.py);
# Playwright never downloads a browser. `make test` installs it once, when it is missing.
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	@echo "$(CHROMIUM) is missing: installing Debian's chromium package for the browser tests."
	@command -v apt-get >/dev/null || { echo "No apt-get on this machine: install Chromium" \
	  "so that $(CHROMIUM) exists, then run make test again."; exit 1; }
	@if [ "$$(id -u)" -eq 0 ]; then sudo=; else sudo="sudo "; fi; \
	  echo "$${sudo}apt-get update && $${sudo}apt-get install -y chromium"; \
	  $${sudo}apt-get update && $${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

chromium: | $(CHROMIUM)

run: $(VENV)/.runtime-installed $(NATIVE)
	DEBUG=1 $(BIN)/python -m factdb.demo

test: $(VENV)/.dev-installed $(NATIVE) | $(CHROMIUM)
	DEBUG=1 $(BIN)/pytest $(PYTEST_ARGS)

# Style, types, and the architecture: import contracts and the complexity limit (pyproject.toml).
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy .
	DEBUG=1 $(BIN)/lint-imports

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev-installed $(NATIVE)
	DEBUG=1 $(BIN)/python manage.py bench_extract

stop:
	@[ ! -x $(BIN)/python ] || $(BIN)/python -c 'from pathlib import Path; \
	  from factdb.embedded import servers_stop; servers_stop(Path("var"))'

clean: stop
	rm -rf $(VENV) var build staticfiles .pytest_cache .mypy_cache .ruff_cache
