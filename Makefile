# Suanli developer tasks. `make test` is what CI runs (.ci/run).

SWIFT      ?= swift
BUILD_DIR  ?= .build
SWIFTFLAGS ?= --scratch-path $(BUILD_DIR)
DEB_DEPS   := libsystemd-dev libsqlite3-dev
# What the tests drive for real: journald, systemd-socket-activate, curl (as another user via setpriv), openssl
# (a CA and server certificate for the TLS tests).
TEST_DEPS  := systemd curl util-linux openssl
FMT_PATHS  := Package.swift Sources Tests
FMT_FLAGS  := --recursive --configuration .swift-format

.PHONY: all deps build release test lint format bench demo run clean

all: build

# Install missing Debian build dependencies (as root), or say how to.
deps:
	@missing=""; \
	for p in $(DEB_DEPS) $(TEST_DEPS); do \
	  dpkg -s $$p 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$p"; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" -eq 0 ]; then \
	  echo "installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update && apt-get install -y --no-install-recommends $$missing; \
	else \
	  echo "missing build dependencies; run:" >&2; \
	  echo "  sudo apt-get install -y$$missing" >&2; \
	  exit 1; \
	fi

build:
	$(SWIFT) build $(SWIFTFLAGS)

test: deps lint
	$(SWIFT) build $(SWIFTFLAGS) --build-tests
	$(SWIFT) test $(SWIFTFLAGS) --skip-build

lint:
	@$(SWIFT) format --version >/dev/null 2>&1 || { echo "swift-format not found (needs 'swift format' from the toolchain)" >&2; exit 1; }
	$(SWIFT) format lint --strict $(FMT_FLAGS) $(FMT_PATHS)

format:
	$(SWIFT) format --in-place $(FMT_FLAGS) $(FMT_PATHS)

release: deps
	$(SWIFT) build $(SWIFTFLAGS) -c release --product suanlid
	$(SWIFT) build $(SWIFTFLAGS) -c release --product suanli
	$(SWIFT) build $(SWIFTFLAGS) -c release --product suanli-agent
	$(SWIFT) build $(SWIFTFLAGS) -c release --product suanli-run-job

# A daemon, two local agents with fake cards and a workload from three enterprises, shown while it runs.
demo: release
	BIN=$(BUILD_DIR)/release scripts/demo.sh

# The daemon and two local agents in the foreground, to try the CLI by hand.
run: release
	BIN=$(BUILD_DIR)/release scripts/run.sh

bench:
	$(SWIFT) build $(SWIFTFLAGS) -c release --product suanli-bench
	$(SWIFT) build $(SWIFTFLAGS) -c release --product suanlid
	$(BUILD_DIR)/release/suanli-bench core --jobs 100000 --nodes 10000 --enterprises 1000
	$(BUILD_DIR)/release/suanli-bench api --clients 8 --jobs 20000

clean:
	rm -rf $(BUILD_DIR)
