# Canvass — build, check and demonstrate. `make demo` and `make test` are all a new user needs.

SWIFT ?= swift
APT_PACKAGES := libcurl4-openssl-dev tmux nginx-light openssl chromium chromium-driver python3-selenium nodejs
SWIFT_SOURCES := Package.swift Sources Tests
CANVASS := .build/debug/canvass

.PHONY: all setup setup-python build test lint format demo serve bench clean

all: build

# Installs the system packages Canvass needs when run as root; otherwise prints the command to run.
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
	else \
		echo "Canvass needs:$$missing. Run:"; \
		echo "  sudo apt-get update && sudo apt-get install -y$$missing"; \
		exit 1; \
	fi

# Python packages of the browser tests: axe-core's Selenium binding, and a newer axe-core (4.x, for WCAG 2.1 and
# 2.2 rules) than the one that binding bundles, taken from a package that ships axe.min.js (its Playwright code is
# not used, so its dependencies are not installed).
PIP_PACKAGES := axe-selenium-python==2.1.6
PIP_AXE_CORE := axe-playwright-python==0.1.8
setup-python:
	@if python3 -c "import selenium, axe_selenium_python, axe_playwright_python" 2>/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing $(PIP_PACKAGES) $(PIP_AXE_CORE) (pip)"; \
		for extra in "" "--break-system-packages"; do \
			python3 -m pip install -q $$extra $(PIP_PACKAGES) 2>/dev/null && \
			python3 -m pip install -q $$extra --no-deps $(PIP_AXE_CORE) 2>/dev/null && exit 0; \
		done; \
		echo "pip could not install $(PIP_PACKAGES) $(PIP_AXE_CORE)"; exit 1; \
	else \
		echo "The browser tests need Python packages. Run:"; \
		echo "  python3 -m pip install $(PIP_PACKAGES) && python3 -m pip install --no-deps $(PIP_AXE_CORE)"; \
		exit 1; \
	fi

build: setup
	$(SWIFT) build

# Format lint of the Swift sources, then every shipped form linted with warnings as errors.
lint: build
	$(SWIFT) format lint --strict --recursive $(SWIFT_SOURCES)
	$(CANVASS) lint --strict Forms

format:
	$(SWIFT) format --in-place --recursive $(SWIFT_SOURCES)

test: lint setup-python
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest
	bash Tests/Browser/run.sh

demo: build
	$(CANVASS) demo

# The demo, then its collector keeps running with a link to each web questionnaire (PORT=0: any free port).
PORT ?= 8080
serve: build
	$(CANVASS) demo --serve --port $(PORT)

bench: setup
	bash Benchmarks/lint.sh
	bash Benchmarks/send.sh
	bash Benchmarks/collector.sh
	bash Benchmarks/compare.sh

clean:
	rm -rf .build
