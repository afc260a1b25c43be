# Learning Hub: the README's two commands live here.
#   make run   - install into .venv, migrate, load courses and demo data, serve http://127.0.0.1:5000 (SQLite)
#   make test  - install the same way and run the whole suite (SQLite; PostgreSQL too when TEST_DATABASE_URL is set)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := learning_hub
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
PYTEST_WORKERS ?= 2

.PHONY: install run test test-sqlite test-postgres bench translations i18n-update lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first and pinned: 2.13.0's CPU build lies on this machine's disk; an unpinned torch pulls a CUDA build.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $@

install: $(VENV)/.installed translations

# Compiled catalogues (.mo) are build products, not committed.
translations: | $(VENV)/.installed
	$(BIN)/pybabel compile -d learning_hub/translations

# After changing interface strings: refresh the template and merge it into every catalogue, then translate.
i18n-update: | $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  -o learning_hub/translations/messages.pot .
	$(BIN)/pybabel update -i learning_hub/translations/messages.pot -d learning_hub/translations \
	  --no-fuzzy-matching --ignore-obsolete

run: install
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask courses sync
	$(BIN)/flask seed demo
	$(BIN)/flask jobs reap --stale-after 0
	@echo "Serving http://127.0.0.1:5000  (Ctrl-C to stop)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install test-sqlite test-postgres

# Prints the suite's wall time on this machine's cores and the branch coverage of learning_hub and matching.
test-sqlite:
	@start=$$(date +%s); \
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -p no:cacheprovider --cov --cov-report=; rc=$$?; \
	echo "== SQLite suite: $$(( $$(date +%s) - start )) s wall time on $$(nproc) cores"; \
	if [ $$rc -eq 0 ]; then echo "== branch coverage (learning_hub, matching): $$($(BIN)/python -m coverage report --format=total)%"; fi; \
	exit $$rc

# The web app's tests again on PostgreSQL (the engine's tests never touch a database).
test-postgres:
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== PostgreSQL: $$TEST_DATABASE_URL"; \
	  start=$$(date +%s); \
	  $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -p no:cacheprovider --ignore=tests/matching -m "not browser"; rc=$$?; \
	  echo "== PostgreSQL suite: $$(( $$(date +%s) - start )) s wall time on $$(nproc) cores"; exit $$rc; \
	else echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped"; fi

bench: install
	$(BIN)/python -m matching bench

# The quality gate CI runs before the tests: formatting, the lint rule set (pyproject.toml) and mypy on the engine.
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) instance .pytest_cache
