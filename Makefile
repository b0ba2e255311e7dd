# AI-bubble report. `make help` lists the targets.
SHELL := /bin/bash
# The Python that .venv is made from: 3.11, 3.12 or 3.13 (`make report PYTHON=python3.12`).
PYTHON ?= python3
# Where the environment lives; CI keeps one per Python (`make test-fast VENV=.venv-3.12 PYTHON=python3.12`).
VENV ?= .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
# `make lab DATA=dir`: the notebooks read dir instead of data/ (as `helpers build --data dir` does).
DATA ?=
LAB_ARGS ?=

# $(PYTHON)'s version (empty when it does not run), asked once per make. The stamps carry its X.Y,
# so choosing a Python of another version sets the environment up again with it.
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)
PYTHON_XY := $(basename $(PYTHON_VERSION))
STAMP := $(VENV)/.installed-py$(PYTHON_XY)
DEV_STAMP := $(VENV)/.installed-dev-py$(PYTHON_XY)

# Every target but help and clean uses the environment: refuse, before anything is installed, a
# Python this project does not support, in one line.
SUPPORTED := this project needs Python 3.11, 3.12 or 3.13 (choose one with: make $(or $(firstword $(MAKECMDGOALS)),report) PYTHON=python3.12)
ifneq ($(filter-out help clean,$(MAKECMDGOALS)),)
ifeq ($(PYTHON_VERSION),)
$(error error: $(PYTHON) does not run ($(shell $(PYTHON) -c 'import sys' 2>&1 | head -n 1)); $(SUPPORTED))
else ifeq ($(filter 3.11 3.12 3.13,$(PYTHON_XY)),)
$(error error: $(PYTHON) is Python $(PYTHON_VERSION); $(SUPPORTED))
endif
endif

.DEFAULT_GOAL := help
.PHONY: help report test test-fast lab hooks scenarios bench lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# $(VENV) is made again when it was made with a Python of another version than $(PYTHON).
# --compile-bytecode: where the environment forbids writing .pyc files at run time
# (PYTHONDONTWRITEBYTECODE), every kernel would otherwise recompile pandas and matplotlib (~2 s each).
$(STAMP): requirements.lock
	@if test -e $(VENV); then \
	    made=$$($(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo "an unknown version"); \
	    if [ "$$made" != "$(PYTHON_XY)" ]; then \
	        echo "$(VENV) was made with Python $$made and $(PYTHON) is Python $(PYTHON_VERSION): making $(VENV) again"; \
	        rm -rf $(VENV); \
	    fi; \
	fi
	@echo "Setting up $(VENV) with Python $(PYTHON_VERSION) from requirements.lock..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if $(VENV)/bin/pip install -q uv==$(UV_VERSION) 2>/dev/null; then \
	    $(VENV)/bin/uv pip install -q --compile-bytecode --python $(PY) --require-hashes -r requirements.lock; \
	else \
	    echo "uv unavailable; installing with pip (slower)"; \
	    $(VENV)/bin/pip install -q --require-hashes -r requirements.lock; \
	fi
	@$(PY) -c "import site, pathlib; pathlib.Path(site.getsitepackages()[0], 'ai_bubble_report.pth').write_text(str(pathlib.Path('src').resolve()) + '\n')"
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	@echo "Adding the test tools from requirements-dev.lock..."
	@if test -x $(VENV)/bin/uv; then \
	    $(VENV)/bin/uv pip install -q --compile-bytecode --python $(PY) --require-hashes -r requirements-dev.lock; \
	else \
	    $(VENV)/bin/pip install -q --require-hashes -r requirements-dev.lock; \
	fi
	@touch $(DEV_STAMP)

report: $(STAMP) ## Build the default report into reports/
	$(PY) -m helpers build

test: $(DEV_STAMP) ## Run the test suite
	$(PY) -m pytest -q

test-fast: $(DEV_STAMP) ## Run the tests not marked slow (no end-to-end builds)
	$(PY) -m pytest -q -m "not slow"

# The environment a build gives the notebooks: the Agg backend and the data folder (relative to the
# notebook's own folder, so DATA is made absolute). JupyterLab refuses to start as root unless told
# (containers and CI machines often are root). LAB_ARGS: more options, e.g. --no-browser --port=8890.
lab: $(STAMP) ## Open JupyterLab on notebooks/ (DATA=dir: read dir instead of data/)
	MPLBACKEND=Agg $(if $(DATA),AI_BUBBLE_DATA=$(abspath $(DATA)) )$(PY) -m jupyter lab --notebook-dir=notebooks$(if $(filter 0,$(shell id -u)), --allow-root) $(LAB_ARGS)

# The committed notebooks' cell ids are kept (--keep-id; nbstripout's filter would renumber them).
# The filter applies to every *.ipynb but reports/, whose executed notebooks are the record of the
# run and keep their outputs (that line goes last, to win over nbstripout's).
hooks: $(STAMP) ## Strip notebook outputs on git add (nbstripout as this clone's git filter)
	$(PY) -m nbstripout --install
	git config filter.nbstripout.clean '"$(abspath $(PY))" -m nbstripout --keep-id'
	git config diff.ipynb.textconv '"$(abspath $(PY))" -m nbstripout --keep-id -t'
	@attributes=$$(git rev-parse --git-path info/attributes); \
	    { grep -vxF 'reports/** -filter -diff' "$$attributes"; echo 'reports/** -filter -diff'; } > "$$attributes.new"; \
	    mv "$$attributes.new" "$$attributes"
	@echo "Notebooks are now staged without outputs, reports/ as built (undo: $(PY) -m nbstripout --uninstall)"

scenarios: $(STAMP) ## Build the base, bear and bull scenarios and their comparison page
	$(PY) -m helpers compare base bear bull

bench: $(STAMP) ## Time cold, no-op and one-file rebuilds against the plain papermill+nbconvert chain
	$(PY) tools/bench.py --rounds 5

# One universal lock per file: the same versions on every supported Python, with environment markers
# for what only some need (aiohttp on 3.12, for papermill). --fork-strategy fewest: one version of a
# package for all of them, even where a newer one exists for the newer Pythons only. Versions already
# in the lock are kept unless a change to the .in file needs another (no --upgrade).
LOCK := $(VENV)/bin/uv pip compile -q --universal --fork-strategy fewest --python-version 3.11 --generate-hashes --no-header
lock: $(STAMP) ## Re-resolve requirements*.in into the hashed lock files (Python 3.11-3.13)
	$(LOCK) -o requirements.lock requirements.in
	$(LOCK) -o requirements-dev.lock requirements-dev.in

clean: ## Remove the virtual environment and the build cache
	rm -rf $(VENV) .build
