# JIPP Knowledge Hub: `make run` serves the site with demo data, `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PG_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: loadtest path-cost page-timing help run setup demo test test-sqlite test-postgres lint format relevance bench clean messages \
	browser-deps lucene-deps

help: ## this list
	@echo "make run         set everything up and serve the site with demo data on $(HOST):$(PORT)"
	@echo "make test        lint, then the whole suite on SQLite and on PostgreSQL (when reachable)"
	@echo "make test-sqlite the suite on SQLite only; make test-postgres on PostgreSQL only"
	@echo "make lint        ruff (format and rules) and the dependency contracts (import-linter)"
	@echo "make format      ruff format and fixes"
	@echo "make relevance   the search quality gate on the judged queries in ../shared/data"
	@echo "make loadtest    the production stack (gunicorn, PostgreSQL, Redis) under wrk on 127.0.0.1; see docs/benchmarks.md"
	@echo "make path-cost   CPU per request of each kind in the load test's mix (PATH_COST_CODE compares checkouts)"
	@echo "make page-timing an innovation page's server time, uncached and from the page cache (gunicorn, PostgreSQL, Redis)"
	@echo "make bench       the search and import benchmark (../shared/bench/synth.py; BENCH_ARGS narrows it)"
	@echo "make messages    extract and compile the English translations (locale/en), compile locale/id"
	@echo "make setup       install, migrate and set up the site, without demo data"
	@echo "make demo        setup, then load the 150 demonstration case studies"
	@echo "make clean       remove the virtualenv, the local database and generated files"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

setup: $(VENV)/.installed
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) setup_site

demo: setup
	$(MANAGE) load_demo_data

# The task worker (search embeddings, imports, emails) runs beside the web server and stops
# with it, however the server ends (Ctrl+C, an error, a kill of make).
run: demo
	$(MANAGE) ensure_admin
	@echo "Serving on http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/)"
	@$(MANAGE) db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Task worker started (pid $$worker)"; \
	$(MANAGE) runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --no-cache

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint browser-deps lucene-deps test-sqlite test-postgres

# What the browser tests (tests/browser/) need besides Python: Debian's Chromium (Playwright's
# own browser download does not work on these machines) and axe-core, pinned in
# tests/browser/package-lock.json and installed from the npm registry into a git-ignored
# node_modules.
BROWSER_DIR := tests/browser
AXE_JS := $(BROWSER_DIR)/node_modules/axe-core/axe.min.js
CHROMIUM := /usr/bin/chromium

browser-deps: $(AXE_JS)
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo="sudo -n"; fi; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
			chromium fonts-dejavu-core; \
	fi
	@$(CHROMIUM) --version 2>/dev/null

# What the Elasticsearch analysis tests (tests/elasticsearch/test_lucene_analysis.py) need:
# real Lucene, the library Elasticsearch analyses text with. Debian's liblucene8-java ships
# the analysis jars (no Elasticsearch registry is reachable from these machines) and a JDK
# compiles the test's small harness against them.
LUCENE_JARS := /usr/share/maven-repo/org/apache/lucene/lucene-core/8.x/lucene-core-8.x.jar \
	/usr/share/maven-repo/org/apache/lucene/lucene-analyzers-common/8.x/lucene-analyzers-common-8.x.jar

lucene-deps:
	@if ! command -v javac >/dev/null 2>&1 || ! ls $(LUCENE_JARS) >/dev/null 2>&1; then \
		echo "Installing Debian's Lucene and a JDK for the Elasticsearch analysis tests"; \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo="sudo -n"; fi; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
			liblucene8-java default-jdk-headless; \
	fi
	@ls $(LUCENE_JARS) >/dev/null && javac -version

$(AXE_JS): $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json
	cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-sqlite: $(VENV)/.installed-test
	@echo "== test suite on SQLite =="
	$(BIN)/pytest

test-postgres: $(VENV)/.installed-test
	@if $(BIN)/python scripts/db_reachable.py "$(PG_URL)"; then \
		echo "== test suite on PostgreSQL ($(PG_URL)) =="; \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest; \
	else \
		echo "SKIPPED: the PostgreSQL half of the suite did not run: $(PG_URL) is unreachable."; \
	fi

relevance: $(VENV)/.installed
	scripts/relevance.sh sqlite
	@if $(BIN)/python scripts/db_reachable.py "$(PG_URL)"; then scripts/relevance.sh postgres; \
	else echo "SKIPPED: relevance on PostgreSQL: $(PG_URL) is unreachable."; fi

# The production stack under load on 127.0.0.1 (bench/loadtest.py): PostgreSQL, gunicorn,
# Redis when reachable, 10k synthetic records; wrk from Debian's packages.
# LOADTEST_SECONDS (60), LOADTEST_SOAK_SECONDS (300), LOADTEST_HOSTILE_SECONDS (30) shorten it.
loadtest: $(VENV)/.installed
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo="sudo -n"; fi; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	PG_URL=$(PG_ADMIN_URL) $(BIN)/python bench/loadtest.py

# The CPU each kind of request in the load test's mix costs the server (bench/path_cost.py):
# the same stack and data as loadtest, one worker, one request at a time.
path-cost: $(VENV)/.installed
	PG_URL=$(PG_ADMIN_URL) $(BIN)/python bench/path_cost.py

# An innovation page at the server, uncached and from the page cache, beside /healthz
# (bench/page_timing.py): gunicorn, PostgreSQL and Redis on 127.0.0.1, the demo data.
page-timing: $(VENV)/.installed
	PG_URL=$(PG_ADMIN_URL) $(BIN)/python bench/page_timing.py

bench: $(VENV)/.installed
	@test -f ../shared/bench/synth.py || { echo "SKIPPED: make bench needs ../shared/bench/synth.py" \
		"(the shared folder beside the project), and it is not there." >&2; exit 2; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 var $(BROWSER_DIR)/node_modules

# Interface translations: extract the strings marked in templates and Python into
# locale/en/LC_MESSAGES/django.po (translations already made are kept), then compile
# django.mo. Needs GNU gettext, installed here when missing; django.mo is committed so
# running the site does not. New strings arrive with an empty msgstr: translate them.
# Our strings are written in Indonesian, so locale/id is not extracted (-l en only): it is
# a hand-kept overlay giving Indonesian to Wagtail's and Django's strings that their own
# catalogues leave in English, and is only compiled here.
MESSAGES_IGNORE := --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=scripts \
	--ignore=data --ignore=static

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq gettext; } \
		|| sudo sh -c 'apt-get update -qq && apt-get install -y -qq gettext'
	$(MANAGE) makemessages -l en --no-obsolete --add-location=file $(MESSAGES_IGNORE)
	$(MANAGE) compilemessages -l en -l id $(MESSAGES_IGNORE)
	@msgfmt --check --statistics -o /dev/null locale/en/LC_MESSAGES/django.po
	@msgfmt --check --statistics -o /dev/null locale/id/LC_MESSAGES/django.po
	@msgfmt --check --statistics -o /dev/null locale/id/LC_MESSAGES/djangojs.po
