# AI-bubble report. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.DEFAULT_GOAL := help
.PHONY: help report test scenarios bench lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# --compile-bytecode: where the environment forbids writing .pyc files at run time
# (PYTHONDONTWRITEBYTECODE), every kernel would otherwise recompile pandas and matplotlib (~2 s each).
$(STAMP): requirements.lock
	@echo "Setting up $(VENV) from requirements.lock (first run only)..."
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
	@echo "Adding the test tools from requirements-dev.lock (first run only)..."
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

scenarios: $(STAMP) ## Build the base, bear and bull scenarios and their comparison page
	$(PY) -m helpers compare base bear bull

bench: $(STAMP) ## Time cold, no-op and one-file rebuilds against the plain papermill+nbconvert chain
	$(PY) tools/bench.py --rounds 5

lock: ## Re-resolve requirements*.in into the hashed lock files
	$(VENV)/bin/uv pip compile --python-version 3.11 --generate-hashes --no-header -o requirements.lock requirements.in
	$(VENV)/bin/uv pip compile --python-version 3.11 --generate-hashes --no-header -o requirements-dev.lock requirements-dev.in

clean: ## Remove the virtual environment and the build cache
	rm -rf $(VENV) .build
