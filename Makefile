# Canvass — build, check and demonstrate. `make demo` and `make test` are all a new user needs.

SWIFT ?= swift
APT_PACKAGES := libcurl4-openssl-dev tmux nginx-light openssl chromium chromium-driver python3-selenium nodejs
SWIFT_SOURCES := Package.swift Sources Tests
CANVASS := .build/debug/canvass

.PHONY: all setup build test lint format demo serve bench clean

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

build: setup
	$(SWIFT) build

# Format lint of the Swift sources, then every shipped form linted with warnings as errors.
lint: build
	$(SWIFT) format lint --strict --recursive $(SWIFT_SOURCES)
	$(CANVASS) lint --strict Forms

format:
	$(SWIFT) format --in-place --recursive $(SWIFT_SOURCES)

test: lint
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
