# Set-up and everyday commands. `make run` and `make test` work on a fresh Debian machine with Python 3.11
# (python3, python3-venv and make installed).

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
STREAMLIT_FLAGS := --server.headless true --server.address 127.0.0.1 --browser.gatherUsageStats false

.PHONY: install run test test-fast lint bench snapshot translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The app's packages only (requirements.txt); the tests and tooling add requirements-dev.txt on top.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed  ## the app's packages in .venv/ and an up-to-date database, without starting the app
	$(BIN)/python -m indicators db upgrade

run: $(VENV)/.installed  ## open the dashboard on the committed snapshot: http://127.0.0.1:8501
	$(BIN)/python -m indicators db upgrade
	@echo "Dashbordet: http://127.0.0.1:$(PORT)"
	$(BIN)/streamlit run dashboard.py $(STREAMLIT_FLAGS) --server.port $(PORT)

# The PostgreSQL pass (one process: its tests share the cluster's database) runs beside the main pytest, which
# leaves CPU idle while browser tests wait for the app; its output is printed when both are done.
# Three workers on two cores: a browser test mostly waits for its app server and Chromium, and a third worker fills
# that time. `--dist loadgroup`: a file is one unit (its module's app server starts once), the files on the shared
# app server one unit or, when that would be the longest by far, two; the longest first (tests/schedule.py).
# PYTHONDONTWRITEBYTECODE is unset for pytest: with it set, every worker rewrote the asserts of every test module
# anew on every run (pytest keeps them as bytecode in __pycache__, which git ignores).
TEST_WORKERS ?= 3
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest
# The tests keep their temporary files (pytest's tmp_path, the tests' SQLite databases) in memory where the machine has
# /dev/shm: the follow-up database commits with SQLite's synchronous=FULL, and on disk the run's ~3,800 fdatasync
# calls waited ~14 s (the same files and code, only the storage differs; pytest keeps its last three runs there).
# Only where /dev/shm has room (a container's default is 64 MB; one whole run writes ~230 MB): else the usual TMPDIR.
TEST_TMPDIR = $(shell d=/dev/shm/hallingdal-tests-$$(id -u); [ -w /dev/shm ] && \
	[ "$$(df -Pk /dev/shm | awk 'NR==2 {print $$4}')" -ge 2097152 ] && mkdir -p "$$d" && echo "$$d")
test: $(VENV)/.installed-dev  ## lint and type check, then the whole test suite on both cores (three workers; browser tests: /usr/bin/chromium) and the database tests against PostgreSQL
	$(BIN)/ruff check .
	$(BIN)/mypy
	@pg_dir=$$(mktemp -d /tmp/test-postgres.XXXXXX); pg_pid=; status=0; \
	if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		scripts/with_postgres.sh $(BIN)/python -m pytest -q -p no:cacheprovider --basetemp "$$pg_dir/tmp" \
			-k postgresql tests/test_followup_*.py >"$$pg_dir/log" 2>&1 & pg_pid=$$!; \
	fi; \
	$(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR)) $(PYTEST) -q -n $(TEST_WORKERS) --dist loadgroup || status=$$?; \
	if [ -n "$$pg_pid" ]; then \
		wait $$pg_pid || status=$$?; \
		echo "Databasetestane mot PostgreSQL (ein mellombels klynge på 127.0.0.1, køyrde ved sida av dei andre):"; \
		cat "$$pg_dir/log"; \
	else echo "PostgreSQL er ikkje installert (apt-get install postgresql): databasetestane køyrde berre mot SQLite."; fi; \
	rm -rf "$$pg_dir"; exit $$status

test-fast: $(VENV)/.installed-dev  ## the edit loop (about a minute): ruff, mypy, the tests without the browser tests (no app server, no Chromium) and without PostgreSQL
	$(BIN)/ruff check .
	$(BIN)/mypy
	DATABASE_URL= $(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR)) $(PYTEST) -q -n 2 --dist loadgroup -m "not browser"

lint: $(VENV)/.installed-dev  ## ruff and the type checker
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(VENV)/.installed-dev  ## the app against a one-chart page, interleaved (issue 13), then export times; not a test
	$(BIN)/python bench/bench_app.py
	$(BIN)/python bench/bench_exports.py
	$(BIN)/python bench/bench_data.py

translations: $(VENV)/.installed  ## after changing a text: extract it into locale/ (then translate it in nb and en)
	$(BIN)/python scripts/translations.py

snapshot: $(VENV)/.installed  ## rebuild data_cache/ from ../shared (developers only)
	$(BIN)/python scripts/build_snapshot.py --shared ../shared

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
