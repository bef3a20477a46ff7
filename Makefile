# Two commands on a fresh machine: `make site` (set up + build) and `make test`.
# Both create .venv and install what they need, system packages included.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium fonts-noto-cjk

.PHONY: site serve check test lint venv system-deps clean

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

site: venv
	$(PY) -m generator build

serve: venv
	$(PY) -m generator serve

check: venv
	$(PY) -m generator check

lint: venv
	$(PY) -m ruff check generator tests

test: venv system-deps lint
	$(PY) -m pytest

clean:
	rm -rf site build test-output
