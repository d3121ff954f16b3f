# Service Commons: `make run` sets up and serves the demo site; `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

# axe-core, for the browser suite's accessibility checks (tests/e2e/).
AXE := tests/e2e/node_modules/axe-core/axe.min.js

.PHONY: run test setup migrate demo check clean elasticsearch elasticsearch-stop screenshots

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null \
	  || { echo "Python 3.11 is needed; set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

migrate: setup
	DEBUG=1 $(BIN)/python manage.py migrate --no-input

demo: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo

run: demo
	@echo "Serving Service Commons on http://$(HOST):$(PORT)/ (demo accounts: see README.md)"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# With java and mvn on PATH the Elasticsearch tests start a local node
# (tests/elasticsearch/) and leave it running for the next run; without them
# they are skipped, saying so. REQUIRE_ELASTICSEARCH=1 makes that a failure.
#
# The browser tests (tests/e2e/) run when chromium is installed (Debian's
# package) and are skipped, saying so, otherwise; REQUIRE_BROWSER=1 makes that
# a failure. Their accessibility checks need axe-core, installed here with npm.
test: setup $(AXE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	@if ! command -v npm >/dev/null; then \
	  echo "npm not found: the browser suite's accessibility checks will be skipped"; \
	  [ "$$REQUIRE_BROWSER" != 1 ]; \
	elif npm ci --prefix tests/e2e --no-audit --no-fund --ignore-scripts --loglevel=error; then \
	  touch $@; \
	else echo "npm ci failed: the browser suite's accessibility checks will be skipped"; \
	  [ "$$REQUIRE_BROWSER" != 1 ]; fi

# The README's pictures: the main pages at phone and desktop widths, in chromium.
screenshots: setup
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests/e2e/screenshots.py -q

# A local Elasticsearch node for development: prints the ELASTICSEARCH_URL to use.
elasticsearch:
	@tests/elasticsearch/start

elasticsearch-stop:
	tests/elasticsearch/stop

check: setup
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var static

# The benchmark (tests/perf/README.md). `make perf-data SIZE=1m` loads the data set
# (tiny, small, medium or 1m; REPLACE=1 empties the database first), `make perf`
# serves the site under gunicorn and measures it, writing var/perf/report-*.md;
# `make perf-smoke` does both at SIZE=small. The database is DATABASE_URL's, else
# var/perf.sqlite3, never the demo's.
SIZE ?= small
.PHONY: perf-data perf perf-smoke

perf-data: setup
	$(BIN)/python -m tests.perf.data --size $(SIZE) $(if $(filter 1,$(REPLACE)),--replace)

perf: setup
	$(BIN)/python -m tests.perf.run --size $(SIZE)

perf-smoke: setup
	$(BIN)/python -m tests.perf.data --size small
	$(BIN)/python -m tests.perf.run --size small
