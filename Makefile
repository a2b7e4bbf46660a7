# Birge: two commands set everything up.
#   make run    install what is missing, start the local PostGIS, load the demo
#               data and serve on http://127.0.0.1:$(PORT)
#   make test   install what is missing and run the whole suite (browser tests too)
#   make stop   stop the local PostGIS cluster
# Without DATABASE_URL a project-local cluster runs under .pgdata/ (unix socket).

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
UV := .tools/bin/uv
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=

.PHONY: run test stop setup system-deps system-deps-test system-deps-bench db \
        migrate messages static demo lint bench clean

run: system-deps setup demo
	DJANGO_SETTINGS_MODULE=config.settings.local $(MANAGE) runserver 127.0.0.1:$(PORT)

test: system-deps-test setup
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

stop:
	@if [ -z "$$DATABASE_URL" ]; then scripts/pg.sh stop; fi

setup: $(VENV)/.synced static/vendor/.copied db migrate messages static

system-deps:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

system-deps-bench:
	@scripts/system-deps.sh bench

# The Python environment, exactly as the lockfile says (hash-checked).
$(UV): requirements/tools.lock
	python3 -m venv .tools
	.tools/bin/pip install --quiet --require-hashes -r requirements/tools.lock
	@touch $@

$(VENV)/.synced: requirements/dev.lock $(UV)
	@test -x $(PY) || python3 -m venv $(VENV)
	$(UV) pip sync --quiet --python $(PY) --require-hashes requirements/dev.lock
	@touch $@

# Front-end packages from the npm lockfile, copied to static/vendor/.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.copied: node_modules/.installed scripts/vendor.mjs
	node scripts/vendor.mjs
	@touch $@

db:
	@if [ -z "$$DATABASE_URL" ]; then scripts/pg.sh start; fi

migrate: $(VENV)/.synced db
	$(MANAGE) migrate --no-input -v 0

messages: $(VENV)/.synced
	$(MANAGE) compilemessages -v 0 --ignore=.venv --ignore=.tools --ignore=node_modules

static: $(VENV)/.synced static/vendor/.copied
	$(MANAGE) collectstatic --no-input -v 0

# Adds the demo towns that are missing; never overwrites what is there.
demo: migrate
	$(MANAGE) load_demo

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

# tipg, the peer in bench/tiles, in a venv of its own (hash-checked lockfile).
.venv-tipg/.synced: requirements/tipg.lock $(UV)
	@test -x .venv-tipg/bin/python || python3 -m venv .venv-tipg
	$(UV) pip sync --quiet --python .venv-tipg/bin/python --require-hashes requirements/tipg.lock
	@touch $@

bench: system-deps-bench setup .venv-tipg/.synced
	$(PY) -m bench.intake
	$(PY) -m bench.allocation
	$(PY) -m bench.comparison
	$(PY) -m bench.imports
	$(PY) -m bench.concerns
	$(PY) -m bench.tiles
	$(PY) -m bench.limits
	$(PY) -m bench.faults

clean: stop
	rm -rf $(VENV) .venv-tipg .tools node_modules static/vendor staticfiles
