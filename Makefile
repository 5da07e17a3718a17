# Vitrine: `make run` serves the demo museum, `make test` checks everything.
# Only Python >= 3.11 and make are needed; everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Values under which `check --deploy` must be clean: production, minus a real secret.
PROD_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-$(shell printf '%040d' 0) \
	DJANGO_ALLOWED_HOSTS=museum.example.org

.PHONY: setup run worker test lint check pytest bench superuser demo clean help

help:
	@echo "make run        set up, migrate, load the demo, serve on http://127.0.0.1:$(PORT)"
	@echo "make test       set up, lint, checks and the whole test suite"
	@echo "make worker     run a background job worker alone, in the foreground"
	@echo "make bench      benchmarks (never part of make test)"
	@echo "make superuser  create a curator account for the admin"

# The stamp is newer than pyproject.toml once its dependencies are installed, so a
# second `make setup` does nothing and takes well under a second.
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

run: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_demo --if-empty
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo ""
	@echo "  Vitrine is serving the demo museum:"
	@echo "    public site   http://127.0.0.1:$(PORT)/"
	@echo "    admin         http://127.0.0.1:$(PORT)/admin/"
	@echo "    job worker    running beside the server (imports, exports, search rebuilds)"
	@echo "  To sign in to the admin, create a curator account first: make superuser"
	@echo "  Ctrl-C stops the server and the worker."
	@echo ""
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-1}; \
	$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# One worker in the foreground; start as many as the machines have cores to spare.
worker: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py worker

superuser: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py createsuperuser

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: setup
	$(PROD_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

# Two workers on a two-core machine roughly halve the suite's time; each has its own
# test database on the shared embedded server.
PYTEST_ARGS ?= -n auto
pytest: setup
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint check pytest

bench: setup
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf staticfiles .pytest_cache .ruff_cache
