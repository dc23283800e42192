# The two commands: `make run` (app with demo data on http://localhost:8501) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
PG_URL := postgresql+psycopg://kultur3_test:kultur3-test@127.0.0.1:5432/postgres

.PHONY: run test lint venv venv-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# -c constraints.txt: what the requirements pull in (Streamlit's server stack) stays at the
# versions the tests ran against; see the README's «Raising the Streamlit pin».
$(VENV)/.runtime: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(VENV)/.runtime $@

venv: $(VENV)/.runtime
venv-dev: $(VENV)/.dev

## run: set up, migrate, load the demo programme when the database is empty, start the app
run: venv
	KULTUR3_DEMO=1 $(BIN)/python -m kultur3 db upgrade
	KULTUR3_DEMO=1 $(BIN)/python -m kultur3 seed --demo
	KULTUR3_DEMO=1 $(BIN)/python -m kultur3.ui.serve --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## test: set up, install Chromium, PostgreSQL, nginx and axe-core when missing, lint, run
## every test on SQLite (with the browser tests, and the scale-out test on PostgreSQL behind
## nginx) and the database and page tests again on PostgreSQL
test: venv-dev
	bash scripts/ensure-system.sh
	npm ci --no-audit --no-fund --silent
	$(BIN)/ruff check .
	KULTUR3_SCALEOUT_POSTGRES=$(PG_URL) $(BIN)/python -m pytest tests
	KULTUR3_TEST_POSTGRES=$(PG_URL) $(BIN)/python -m pytest tests --ignore=tests/browser

lint: venv-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules
