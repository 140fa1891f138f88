# `make site` and `make test` set everything up on a fresh Debian machine, then run. Where Debian
# packages cannot be installed (macOS, Fedora, no root), `make site` says what PDFs would need and
# builds the HTML only; `make site-html` builds the HTML only anywhere.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Debian packages the build needs (CJK font for PDFs, fast font subsetting) and the tests need
# (a real browser, PDF and QR-code tools).
SITE_DEBS := fontconfig fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
TEST_DEBS := chromium poppler-utils zbar-tools

.PHONY: site site-html test test-js setup setup-test lint check bench clean

# Without the PDF libraries, the HTML only; never in CI, where a missing library fails the build.
site: setup
	@if [ -z "$$CI" ] && ! $(PY) scripts/pdf_libs.py --quiet; then \
	  echo "make site: building the HTML only (--no-pdf), as make site-html does:" \
	    "the PDF handouts' libraries are missing (python3 scripts/pdf_libs.py lists them)" >&2; \
	  set -x; $(PY) build.py build --no-pdf; \
	else set -x; $(PY) build.py build; fi

# The HTML site without the PDF handouts: needs Python only, no system library.
site-html: $(VENV)/.installed
	$(PY) build.py build --no-pdf

test: setup-test lint test-js
	$(PY) -m pytest -n 2 --dist loadfile

# Unit tests of the pure functions in templates/static/*.js (node:test, no npm packages; the
# node_modules rule installs Node when it is missing).
test-js: node_modules/axe-core
	node --test tests/js/*.test.js

check: setup
	$(PY) build.py check

# The workflows too: against GitHub's schema, and audited offline by zizmor (zero findings).
lint: setup-test
	$(VENV)/bin/ruff check sitegen tests build.py scripts
	$(VENV)/bin/mypy sitegen scripts
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(VENV)/bin/zizmor --offline .github/workflows/*.yml

# The build-speed benchmark (minutes; not part of `make test`): sitegen against Hugo (Debian's
# package) and MkDocs (from PyPI, in its own venv under .cache/bench/) on synthetic content.
bench: setup
	@scripts/apt-install.sh hugo
	$(PY) bench/build_speed.py

setup: $(VENV)/.installed
	@scripts/apt-install.sh --pdf $(SITE_DEBS)

setup-test: setup node_modules/axe-core
	@scripts/apt-install.sh $(TEST_DEBS)

# axe-core for the accessibility tests and netlify-cli for CI's deploys, pinned in
# package-lock.json (needs node and npm). No install scripts: neither package needs its own, and
# some of netlify-cli's dependencies would download prebuilt binaries.
node_modules/axe-core: package.json package-lock.json
	@command -v npm >/dev/null || scripts/apt-install.sh nodejs npm
	npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
	touch $@

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

clean:
	rm -rf public public-* .public-* .cache test-artifacts
