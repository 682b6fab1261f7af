# innerback — `make run` to try it, `make test` to prove it.
VENV := .venv
BIN := $(VENV)/bin
# The suite runs with production-like settings (DEBUG off), which require a key.
TEST_ENV := SECRET_KEY=innerback-test-only-key SECURE_COOKIES=false DJANGO_ALLOW_ASYNC_UNSAFE=true
DEV_ENV := DEBUG=true

.PHONY: run setup test test-cluster lint format lock bench loadtest audit cluster cluster-stop backup restore clean

# The web server, the task worker (mail, printed to the console) and the scheduler side by
# side; one Ctrl-C stops all three.
run: setup ## Set up, load the catalog and demo data, and serve on http://127.0.0.1:8000
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) $(BIN)/python scripts/run_together.py \
	  "web: $(BIN)/python manage.py runserver 127.0.0.1:8000" \
	  "worker: $(BIN)/python manage.py db_worker" \
	  "scheduler: $(BIN)/python manage.py run_scheduler"

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock
	@test -x $(BIN)/python || "$$(scripts/find-python)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

# axe-core and the Nu HTML checker (vnu-jar) for the browser tests; skipped where npm is
# missing. vnu runs on the system's Java: its install script would fetch one of its own.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent --ignore-scripts && touch $@; \
	else echo "npm not found: browser accessibility tests will be skipped (CI installs it)."; fi

test: setup ## Run the whole suite (browser journeys included where Chromium is installed)
	$(TEST_ENV) $(BIN)/python -m pytest -n auto --ignore=tests/cluster $(PYTEST_ARGS)

# Through nginx, against the cluster `make cluster` started (CI runs it after the suite).
test-cluster: setup
	$(TEST_ENV) $(BIN)/python -m pytest -p no:xdist tests/cluster $(PYTEST_ARGS)

# Two gunicorn app servers behind nginx on PostgreSQL, configured from the environment
# (deploy/cluster.env.example); prints nginx's address once every server is ready.
cluster: setup ## Start PostgreSQL (if down), two app servers and nginx (docs/deploy.md)
	$(BIN)/python scripts/cluster.py start

cluster-stop: ## Stop exactly what make cluster started
	$(BIN)/python scripts/cluster.py stop

# DATABASE_URL's database (SQLite by default) into backups/ (or BACKUP=FILE); restore one
# into a new database: make restore BACKUP=FILE INTO=postgres://.../fresh (or sqlite:///file).
backup: setup ## Back up the database: pg_dump's custom format, or SQLite's backup API
	$(BIN)/python scripts/backup.py backup $(if $(BACKUP),--to $(BACKUP))

restore: setup ## Restore BACKUP=FILE into a new database INTO=URL (refuses one that exists)
	$(BIN)/python scripts/backup.py restore $(BACKUP) --into $(INTO)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Both use PostgreSQL on 127.0.0.1:5432 (database innerback_bench, built once by seed_load;
# each run works on a scratch copy) and write docs/benchmarks.md. Too long for CI.
# BASELINE=/path/to/other/checkout also runs the load mix against that code, alternating.
bench: setup ## Every page on a first visit, gunicorn, 2,000-trainee dataset (issue 21)
	$(BIN)/python scripts/bench.py

loadtest: setup ## 200 trainees' visits for 60 s; BASELINE=DIR compares with another checkout
	$(BIN)/python scripts/loadtest.py $(if $(BASELINE),--baseline $(BASELINE))

# Lighthouse from npm (npx, pinned in the script) on Debian's Chromium, against gunicorn with
# the demo data; writes docs/quality.md. Minutes long and machine-dependent: not in CI.
audit: setup ## Lighthouse scores of the main pages (mobile), written to docs/quality.md
	$(BIN)/python scripts/audit.py $(AUDIT_ARGS)

lock: ## Re-pin dependencies after editing pyproject.toml
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules staticfiles artifacts .pytest_cache
