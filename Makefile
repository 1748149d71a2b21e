# Qogam: the two commands are `make run` and `make test`; the rest serve them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/qogam
# The browser tests drive this Chromium (tests/e2e/conftest.py reads it too).
export CHROMIUM ?= /usr/bin/chromium

.PHONY: run test bench lint format messages makemessages install install-dev check-postgres check-chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Compile the translations with Babel: no GNU gettext needed on the machine.
messages: install
	@$(BIN)/pybabel compile --domain=django --directory=locale --statistics 2>&1 | grep -v "^compiling" || true
	@$(BIN)/pybabel compile --domain=django --directory=locale_allauth >/dev/null

# Extract new strings into locale/ (needs GNU gettext: apt-get install gettext).
makemessages: install
	DEBUG=1 $(MANAGE) makemessages --locale=kk --locale=ru --locale=en \
		--ignore=.venv --ignore=var --ignore=locale_allauth --ignore=tests --no-obsolete

# Serve the portal at http://127.0.0.1:8000 on SQLite, with the demo data loaded once.
run: install messages
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) seed_demo --if-empty
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

check-postgres: install
	@DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/python .ci/check_postgres.py

# Install Chromium where we may (as root, or with sudo that asks no password), as .ci/run
# does; otherwise stop before any test with one sentence that says what is missing.
check-chromium:
	@[ -x "$(CHROMIUM)" ] || ! command -v apt-get >/dev/null || \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
	@[ -x "$(CHROMIUM)" ] || { echo "The browser tests need Chromium at $(CHROMIUM), which is missing: install it (Debian: sudo apt-get install chromium) or name yours with make test CHROMIUM=/path/to/chromium."; exit 1; }

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=lint-only-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e ALLOWED_HOSTS=qogam.kz \
		$(MANAGE) check --deploy --fail-level WARNING

# Lint, then the whole suite on PostgreSQL (unit, concurrency and browser tests).
test: install-dev messages lint check-postgres check-chromium
	DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest --create-db

# The national-scale load benchmark (bench/run.py): fills BENCH_DATABASE_URL once with
# seed_scale (minutes), serves it with gunicorn and production settings, writes bench/results.*.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--small" for a quick try on a small database.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
bench: install messages
	@command -v wrk >/dev/null || $(SUDO) apt-get install -y wrk || \
		($(SUDO) apt-get update && $(SUDO) apt-get install -y wrk)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var
