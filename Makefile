# iopkit: `make serve` serves the dashboards, `make test` runs every test.
# Both set everything up on first use (a venv in .venv, installed with uv from requirements.lock).
PY      ?= python3
PORT    ?= 8866
VENV    := .venv
TOOLS   := .tools
UV      := $(TOOLS)/bin/uv
VPY     := $(VENV)/bin/python
PYTEST  := $(VPY) -m pytest
# The tests and doctests run on 3 worker processes (pytest-xdist), one test file at a time per worker (loadfile: a
# file's fixtures, servers and browser stay in one process), the longest files first (tests/durations.json, measured
# again by `make durations`); the third takes only the files that mostly wait (tests/conftest.py, WAITING), beside the
# two that use the 2 cores. WORKERS=0 runs them in pytest's own process, one by one.
WORKERS ?= 3
XDIST   := -n $(WORKERS) --dist loadfile --no-loadscope-reorder
NBVAL   := --nbval-current-env --nbval-sanitize-with=nbval_sanitize.cfg --nbval-cell-timeout=120
# PYTHONDONTWRITEBYTECODE is set on our machines: without compiled bytecode every kernel start is ~1 s slower.
export UV_COMPILE_BYTECODE   := 1
export JUPYTER_PLATFORM_DIRS := 1
export IOPKIT_DEMO_DB        ?= $(CURDIR)/.demo/iopkit-demo.sqlite

# Serving settings (127.0.0.1 only, no port retries, kernel culling, no tracebacks ...) ship in iopkit/config/voila.json.

.PHONY: serve hub hubdeps test testcache durations lint docs bench setup sysdeps pgdeps nodedeps lock bless notebooks test-unit test-notebooks nbval-dashboards test-dashboards dist wheel clean

# The dashboards open $IOPKIT_DB when set; otherwise the synthetic demo database, built here on first use.
# `iopkit serve` is Voila behind iopkit's guards: it prints the link to open (it carries the access token;
# IOPKIT_TOKEN fixes it), answers only 127.0.0.1/localhost (IOPKIT_ALLOWED_HOSTS adds names) and runs at most
# IOPKIT_MAX_KERNELS dashboards at once (12 by default).
serve: setup
	$(VENV)/bin/iopkit serve --port=$(PORT)

# JupyterHub for a clinic, locally (deploy/hub/jupyterhub_config.py): PostgreSQL (pgdeps) with the schema and the
# roles, the hub on http://127.0.0.1:$(HUB_PORT), a first admin who signs up at /hub/signup. State in .hub/.
HUB_PORT  ?= 8000
HUB_ADMIN ?= admin
HUB_DB    ?= $(IOPKIT_TEST_POSTGRES)
hub: setup pgdeps hubdeps
	$(VPY) -m iopkit.store migrate "$(HUB_DB)"
	$(VPY) -m iopkit.store setup-roles "$(HUB_DB)"
	@echo "JupyterHub: http://127.0.0.1:$(HUB_PORT)/hub/signup  -- sign up first as '$(HUB_ADMIN)' (the admin)."
	@echo "Others sign up there too; the admin approves them at /hub/authorize and puts each in one group"
	@echo "(clinicians, directors or researchers) at /hub/admin#/groups. Stop with Ctrl-C."
	IOPKIT_HUB_DB="$(HUB_DB)" IOPKIT_HUB_PORT=$(HUB_PORT) IOPKIT_HUB_ADMIN=$(HUB_ADMIN) IOPKIT_HUB_STATE=.hub \
	  PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/jupyterhub -f deploy/hub/jupyterhub_config.py

# The hub's proxy: npm's configurable-http-proxy from the committed lock, into deploy/hub/proxy (no global install).
hubdeps: deploy/hub/proxy/node_modules/.bin/configurable-http-proxy
deploy/hub/proxy/node_modules/.bin/configurable-http-proxy: deploy/hub/proxy/package-lock.json
	cd deploy/hub/proxy && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Lint, the documentation and the test modules' compiled rewrites (testcache) run side by side first (-O: each one's
# output together), then the tests, then the researcher notebooks and the dashboards under nbval side by side.
test: setup sysdeps pgdeps nodedeps hubdeps
	$(MAKE) --no-print-directory -j3 -Otarget lint docs testcache
	$(PYTEST) $(XDIST) --doctest-modules tests iopkit
	$(MAKE) --no-print-directory -j2 -Otarget test-notebooks nbval-dashboards

# Lint, format and types: ruff check and ruff format --check (configured in pyproject.toml) and mypy (the modules not yet type-clean are listed there).
lint: setup
	$(VENV)/bin/ruff check iopkit tests benchmarks deploy docs
	$(VENV)/bin/ruff format --check iopkit tests benchmarks deploy docs
	$(VENV)/bin/mypy

# The documentation site in docs/_build/html: Sphinx + numpydoc (the API from the docstrings) and MyST-NB (the
# notebooks with their stored outputs, never executed); the clinical reference and bibliography are generated
# from the package. Offline (no intersphinx); any warning fails the build.
docs: setup nodedeps
	rm -rf docs/api docs/generated  # pages generated for modules since renamed would fail the build
	$(VPY) -m sphinx -b html -W --keep-going -q -d docs/_build/doctrees docs docs/_build/html

bench: setup sysdeps pgdeps
	$(VPY) benchmarks/run.py

# iopkit's own bytecode, compiled ahead (only what changed): every dashboard kernel would otherwise compile the
# package from source on start where .pyc files are not written (PYTHONDONTWRITEBYTECODE, a read-only checkout).
setup: $(VENV)/.installed
	@$(VPY) -m compileall -q iopkit

$(UV):
	$(PY) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install -q --disable-pip-version-check uv

$(VENV)/.installed: pyproject.toml requirements.lock | $(UV)
	$(UV) venv -q --allow-existing --python $(PY) $(VENV)
	VIRTUAL_ENV=$(VENV) $(UV) pip install -q -r requirements.lock -e . --no-deps
	touch $@

# Browser tests drive Debian's Chromium; never `playwright install` (it downloads a browser).
sysdeps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Browser tests need Debian's Chromium: run 'sudo apt-get install chromium', then 'make test' again." >&2; exit 1; fi; }

# The store tests (and its benchmark) need PostgreSQL: $$IOPKIT_TEST_POSTGRES, else the local server on
# 127.0.0.1:5432, else a throwaway one started here (deploy/postgres/throwaway.sh: Debian's postgresql run as an
# unprivileged user in a temporary folder, its URL kept in .pg/url). Never a silent skip: no server, the tests fail.
export IOPKIT_TEST_POSTGRES ?= $(shell cat .pg/url 2>/dev/null || echo postgresql://postgres@127.0.0.1:5432/postgres)
pgdeps: setup
	@$(VPY) -c "import os, psycopg; psycopg.connect(os.environ['IOPKIT_TEST_POSTGRES'], connect_timeout=3).close()" \
	  2>/dev/null || { rm -f .pg/url; sh deploy/postgres/throwaway.sh .pg; }

# The FHIR clients the SDC tests run (fhirpath.js, LHC-Forms): npm ci from the committed lock in tests/js,
# only when the lock changed; nothing is fetched while tests run.
nodedeps: tests/js/node_modules/.installed
tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Refresh the pinned set after changing dependencies in pyproject.toml (then commit requirements.lock).
lock: | $(UV)
	$(UV) pip compile -q --universal --extra test --python-version 3.11 pyproject.toml -o requirements.lock

# The installable package in dist/: `pip install dist/iopkit-*.whl[dashboards]`, then `iopkit serve` anywhere.
dist: | $(UV)
	$(UV) build --out-dir dist
wheel: | $(UV)
	$(UV) build --wheel --out-dir dist

# Re-execute the researcher notebooks and the dashboards in place, storing the outputs nbval compares.
notebooks bless: setup
	IOPKIT_DB="$$(mktemp -d)/bless.sqlite" $(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.record_timing=False \
	  notebooks/*.ipynb iopkit/dashboards/*.ipynb

# pytest rewrites each test module's asserts when it imports it, and keeps the result only where bytecode may be
# written: without it (PYTHONDONTWRITEBYTECODE, set on our machines) each worker rewrote all the test modules again,
# 15 of the 23 s each spends collecting. Collected once here with bytecode written (tests/__pycache__, ignored by git),
# the workers read the rewrites; a module changed since is rewritten again (pytest checks its size and time). A
# collection error shows in the tests' own run, which follows.
testcache: setup
	-@PYTHONDONTWRITEBYTECODE= $(PYTEST) --collect-only -q -p no:cacheprovider tests > /dev/null 2>&1

# Measure each test file's time again (tests/durations.json: the order the workers take the files in).
durations: setup sysdeps pgdeps nodedeps hubdeps
	IOPKIT_TEST_DURATIONS=tests/durations.json $(PYTEST) $(XDIST) --doctest-modules tests iopkit
test-unit: setup
	$(PYTEST) $(XDIST) --doctest-modules tests iopkit -m "not browser"
test-notebooks: setup
	$(PYTEST) --nbval $(NBVAL) notebooks
nbval-dashboards: setup
	$(PYTEST) --nbval-lax $(NBVAL) iopkit/dashboards
test-dashboards: nbval-dashboards sysdeps
	$(PYTEST) $(XDIST) tests -m browser

clean:
	rm -rf $(VENV) $(TOOLS) .demo build dist *.egg-info docs/_build docs/api docs/generated
