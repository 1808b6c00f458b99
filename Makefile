# Critical Minerals Atlas. `make site` builds the site and PDF into site/; `make test` runs the tests.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core chromium

.PHONY: site test serve validate setup clean

site: $(STAMP)
	$(VENV)/bin/atlas build --out site

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

validate: $(STAMP)
	$(VENV)/bin/atlas validate

setup: $(STAMP)

# Debian libraries for WeasyPrint (Pango), fonts for the PDF, and Chromium for the browser tests.
$(STAMP): pyproject.toml constraints.txt
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf site $(VENV) .pytest_cache
