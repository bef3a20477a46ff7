# Two commands on a fresh machine: `make site` (set up + build) and `make test`.
# Both create .venv and install what they need, system packages included.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium fonts-noto-cjk rsync antiword

# The Zensical pin lives in one place, generator/engines.py; `make zensical
# ZENSICAL_VERSION=0.1.3` installs another into .venv-zensical (then run `make test`).
ZENSICAL_VERSION ?= $(shell sed -n 's/^ZENSICAL_VERSION = "\([^"]*\)".*/\1/p' generator/engines.py)
ZENSICAL := .venv-zensical/bin/zensical
ZENSICAL_STAMP := .venv-zensical/.installed-$(ZENSICAL_VERSION)

.PHONY: test-zensical site serve check test test-fast lint venv system-deps zensical bench clean hooks cms edit

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# Debian's chromium for the browser tests (Playwright drives it; it never downloads
# a browser of its own) and a CJK font so screenshots show Chinese text.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

# Zensical (Material's successor) in its own environment: the engine exit path.
$(ZENSICAL_STAMP):
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/pip install --quiet zensical==$(ZENSICAL_VERSION)
	rm -f .venv-zensical/.installed-*
	touch $(ZENSICAL_STAMP)

zensical: $(ZENSICAL_STAMP)

# The form editor (Decap CMS, decap-server, js-yaml) from the npm registry, at the versions
# pinned in package-lock.json, into node_modules/ (ignored by git); `edit` serves it locally.
NPM_STAMP := node_modules/.installed

$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the form editor: install Node.js 18+"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

cms: $(NPM_STAMP)

# The form editor on this computer: every save is a commit; the live preview beside it.
edit: venv cms
	$(PY) -m generator edit

site: venv
	$(PY) -m generator build

serve: venv
	$(PY) -m generator serve

check: venv
	$(PY) -m generator check

# Style and types: ruff (lint and format) and mypy, all clean.
lint: venv
	$(PY) -m ruff check generator tests bench
	$(PY) -m ruff format --check generator tests bench
	$(PY) -m mypy

# The git pre-commit hook (.pre-commit-config.yaml: ruff, mypy and `check`, all from .venv,
# no network at commit time). Run it by hand: $(PY) -m pre_commit run --all-files
hooks: venv
	$(PY) -m pre_commit install

test: venv system-deps zensical cms lint
	$(PY) -m pytest

# `make test` runs every built-site test (pages, browser, axe, search, safety) on both
# engines, MkDocs and Zensical; this runs the suite with Zensical's builds alone.
test-zensical: venv system-deps zensical cms
	GKGEN_TEST_ENGINES=zensical $(PY) -m pytest

# The fast loop while working: everything but the browser tests.
test-fast: venv cms
	$(PY) -m pytest -m "not browser"

# Speed and size, measured by hand (not part of the tests): N = 100 and 1,000.
bench: venv system-deps zensical
	$(PY) bench/bench.py $(if $(SIZES),--sizes $(SIZES),)

clean:
	rm -rf site build test-output
