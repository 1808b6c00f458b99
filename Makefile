# Critical Minerals Atlas. `make site` builds the site and PDF into site/; `make test` runs the tests.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.package-lock.json
# Fonts for the PDF (Noto for Indian scripts and CJK in names and titles) and fontconfig, which
# tells what they cover; a Chromium-family browser for the browser tests; jq for the pull-request
# comment test; poppler's pdftotext to read the PDF as readers' tools do.
SITE_DEBS := fonts-dejavu-core fonts-noto-core fonts-noto-cjk fontconfig
BROWSER_DEBS := chromium
TEST_DEBS := jq poppler-utils
export NO_MKDOCS_2_WARNING := 1

.PHONY: site site-zensical lint test test-fast test-engines serve validate setup browser lighthouse bench clean

site: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/atlas build --out site

# ruff's linter and formatter (settings in pyproject.toml), as CI and pre-commit run them.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The whole suite, one pytest-xdist worker a core; worksteal: idle workers take queued tests from busy ones.
test: $(STAMP) $(NODE_STAMP) browser
	$(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

# The quick loop: the unit tests and the builds of the small project (tests/fixtures/mini); no
# browser, no build of the real data, no other engines.
test-fast: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -n auto --dist worksteal -m "not slow and not browser and not a11y and not engines" $(PYTEST_ARGS)

# The site built by ProperDocs (the maintained MkDocs 1.x fork) from the same mkdocs.yml, and by
# Zensical from the project `atlas render --project` writes, each finished and searched in the browser.
test-engines: $(STAMP) $(NODE_STAMP) browser
	$(PY) -m pip install -q -c constraints.txt -e '.[engines]'
	$(PY) -m pytest $(PYTEST_ARGS) tests/test_engines.py

# The site built by Zensical, which runs no hooks, into build/zensical/site/, finished (CSP, search)
# as `atlas build` finishes MkDocs' (README: "Other engines").
site-zensical: $(STAMP) $(NODE_STAMP)
	$(PY) -m pip install -q -c constraints.txt -e '.[engines]'
	$(VENV)/bin/atlas render --project build/zensical
	$(VENV)/bin/zensical build --strict --clean -f build/zensical/mkdocs.yml
	$(VENV)/bin/atlas finish build/zensical/site
	$(VENV)/bin/atlas pdf --out build/zensical/site/atlas.pdf

# --dirty: a save rebuilds only the pages it changed (the hook stages the generated files)
serve: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

validate: $(STAMP)
	$(VENV)/bin/atlas validate

# Time the site, the hook and the PDF on synthetic data at 1x and 10x: bench/results.json and
# the README's table. BEFORE=rev BEFORE_PYTHON=py also measures an older version in the same run.
bench: $(STAMP) $(NODE_STAMP)
	$(PY) scripts/benchmark.py --scales 1 10 --repeat 1 --build-repeat 3 --reload-scales 1 10 --readme \
	  $(if $(BEFORE),--before $(BEFORE) --before-python $(BEFORE_PYTHON) --before-scales 1)

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(call apt_install,$(SITE_DEBS))
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Pinned in package.json, from npm: build-time assets (the world map's Natural Earth shapes) and
# axe-core for the accessibility tests. Lighthouse, a dev dependency, only for `make lighthouse`.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || $(call apt_install,npm)
	npm ci --omit=dev --no-audit --no-fund --ignore-scripts

# Lighthouse's four scores against Debian's Chromium, on the built site served gzip-compressed.
lighthouse: site browser
	npm ci --no-audit --no-fund --ignore-scripts
	$(PY) scripts/lighthouse.py site

# The tests drive a system browser through Playwright; Playwright never downloads one.
browser:
	@command -v chromium >/dev/null || command -v google-chrome >/dev/null || $(call apt_install,$(BROWSER_DEBS))
	@$(call apt_install,$(TEST_DEBS))

clean:
	rm -rf site $(VENV) node_modules .pytest_cache .hypothesis

# Install the Debian packages that are missing (with sudo when not root).
define apt_install
( missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
  if [ -n "$$missing" ]; then \
    echo "installing Debian packages:" $$missing; \
    sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
    $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
  fi )
endef
