# Two commands do everything on a fresh machine with Python >= 3.11, make and git:
#   make run   — install, migrate, load registers and demo data, serve with worker and beat
#   make test  — install, lint, check migrations, run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: install run test lint bench messages clean backup restore

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run: export DEBUG ?= true
run: install
	python manage.py migrate --noinput
	python manage.py seed_registers
	python manage.py seed_demo
	@echo "Serving http://127.0.0.1:8000 with a Celery worker and beat — Ctrl-C stops all three."
	honcho -f Procfile.dev start

lint: install
	ruff check .

# The suite runs in TEST_WORKERS processes (pytest-xdist; `auto` = one per core, 0 = this process alone): each has
# its own test database (pytest-django) and Redis database (portal/settings.py).
TEST_WORKERS ?= auto
test: export PORTAL_TESTING = 1
test: lint
	python manage.py makemigrations --check --dry-run
	pytest -n $(TEST_WORKERS)

# make bench BENCH_ARGS="--scales 2000,5000" — needs PostgreSQL and Redis on 127.0.0.1 (see docs/benchmarks.md)
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m pip install -q -r requirements-bench.txt
	python -m bench $(BENCH_ARGS)

# make backup — the database (pg_dump custom format; SQLite: a copy of the file) and the uploaded files into a
# new dated folder under BACKUP_DIR (default var/backups). make restore BACKUP=var/backups/<folder> CONFIRM=yes
# restores one into DATABASE_URL and MEDIA_ROOT (it replaces both, hence the confirmation).
backup: install
	python manage.py backup

restore: install
	@test -n "$(BACKUP)" || (echo "make restore BACKUP=var/backups/<folder> CONFIRM=yes" && false)
	python manage.py restore "$(BACKUP)" $(if $(filter yes,$(CONFIRM)),--yes,)

messages: export DEBUG ?= true
messages: install
	python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var --ignore=tests --ignore=scripts
	python scripts/fill_en.py
	python manage.py compilemessages -l en --ignore=.venv --ignore=var

clean:
	rm -rf $(VENV) var staticfiles
