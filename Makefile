# Suanli developer tasks. `make test` is what CI runs (.ci/run).

SWIFT      ?= swift
BUILD_DIR  ?= .build
SWIFTFLAGS ?= --scratch-path $(BUILD_DIR)
DEB_DEPS   := libsystemd-dev libsqlite3-dev libjemalloc-dev
# What the tests drive for real: journald, systemd-socket-activate, curl (as another user via setpriv), openssl
# (a CA and server certificate for the TLS tests); sqlite3 for the README's backup of the state, under a real
# systemd.
TEST_DEPS  := systemd curl util-linux openssl sqlite3
FMT_PATHS  := Package.swift Sources Tests
FMT_FLAGS  := --recursive --configuration .swift-format

# Where `make install` puts things (DESTDIR stages them elsewhere, e.g. for a package).
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
DATADIR     ?= $(PREFIX)/share
SYSCONFDIR  ?= /etc
UNITDIR     ?= $(LIBDIR)/systemd/system
SYSUSERSDIR ?= $(LIBDIR)/sysusers.d
TMPFILESDIR ?= $(LIBDIR)/tmpfiles.d
CATALOGDIR  ?= $(LIBDIR)/systemd/catalog
DESTDIR     ?=
# Where install-files takes the binaries from (`make install` builds them there first).
BIN         ?= $(BUILD_DIR)/release
BINARIES    := suanlid suanli suanli-agent suanli-run-job
INSTALL_PROGRAM ?= install -m 0755
UNITS       := suanlid.service suanlid.socket suanli-agents.socket suanli-agent.service
CONFIGS     := suanlid.toml agent.toml

.PHONY: all deps build release test lint format bench demo run clean
.PHONY: install install-files install-units uninstall check-units

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

test: deps lint check-units
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

# The operator's install (README, "Operating Suanli"): release binaries, systemd units, users, directories,
# the journal catalog and the example configuration (an existing one is kept).
# The binaries carry the Swift runtime (--static-swift-stdlib): the server needs no Swift toolchain.
install: deps
	for product in $(BINARIES); do \
	  $(SWIFT) build $(SWIFTFLAGS) -c release --static-swift-stdlib --product $$product || exit 1; \
	done
	$(MAKE) install-files INSTALL_PROGRAM="install -m 0755 -s"

# What install copies, from binaries already built in $(BIN).
install-files: install-units
	install -d $(DESTDIR)$(BINDIR)
	for binary in $(BINARIES); do $(INSTALL_PROGRAM) $(BIN)/$$binary $(DESTDIR)$(BINDIR)/$$binary; done
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/suanli
	@for config in $(CONFIGS); do \
	  target=$(DESTDIR)$(SYSCONFDIR)/suanli/$$config; \
	  if [ -e $$target ]; then echo "keeping the existing $$target"; \
	  else echo "install -m 0644 etc/suanli/$$config $$target"; install -m 0644 etc/suanli/$$config $$target; fi; \
	done
	@if [ -z "$(DESTDIR)" ]; then \
	  echo "systemd-sysusers, systemd-tmpfiles --create, journalctl --update-catalog"; \
	  systemd-sysusers $(SYSUSERSDIR)/suanli.conf && systemd-tmpfiles --create $(TMPFILESDIR)/suanli.conf \
	    && journalctl --update-catalog || exit 1; \
	  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	  echo "installed; next: edit $(SYSCONFDIR)/suanli/suanlid.toml, then systemctl enable --now suanlid.socket suanlid.service"; \
	fi

# Units (ExecStart= pointing into $(BINDIR)), the remote-agents drop-in as an example, sysusers, tmpfiles,
# the journal catalog.
install-units:
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DATADIR)/suanli $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) \
	  $(DESTDIR)$(CATALOGDIR)
	for unit in $(UNITS); do \
	  sed 's|/usr/local/bin/|$(BINDIR)/|g' systemd/$$unit >$(DESTDIR)$(UNITDIR)/$$unit.tmp \
	    && chmod 0644 $(DESTDIR)$(UNITDIR)/$$unit.tmp && mv $(DESTDIR)$(UNITDIR)/$$unit.tmp $(DESTDIR)$(UNITDIR)/$$unit; \
	done
	install -m 0644 systemd/suanlid.service.d/remote-agents.conf $(DESTDIR)$(DATADIR)/suanli/remote-agents.conf
	install -m 0644 systemd/sysusers.d/suanli.conf $(DESTDIR)$(SYSUSERSDIR)/suanli.conf
	install -m 0644 systemd/tmpfiles.d/suanli.conf $(DESTDIR)$(TMPFILESDIR)/suanli.conf
	install -m 0644 systemd/suanli.catalog $(DESTDIR)$(CATALOGDIR)/suanli.catalog

# Removes what install added. Kept: the state (/var/lib/suanli*), the user suanli, and a configuration file
# that differs from the example (it is the operator's).
uninstall:
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
	  echo "systemctl disable --now suanli-agent.service suanlid.service suanlid.socket suanli-agents.socket"; \
	  systemctl disable --now suanli-agent.service suanlid.service suanlid.socket suanli-agents.socket 2>/dev/null || true; \
	fi
	for binary in $(BINARIES); do rm -f $(DESTDIR)$(BINDIR)/$$binary; done
	for unit in $(UNITS); do rm -f $(DESTDIR)$(UNITDIR)/$$unit; done
	rm -f $(DESTDIR)$(DATADIR)/suanli/remote-agents.conf $(DESTDIR)$(SYSUSERSDIR)/suanli.conf \
	  $(DESTDIR)$(TMPFILESDIR)/suanli.conf $(DESTDIR)$(CATALOGDIR)/suanli.catalog
	rmdir $(DESTDIR)$(DATADIR)/suanli 2>/dev/null || true
	@for config in $(CONFIGS); do \
	  target=$(DESTDIR)$(SYSCONFDIR)/suanli/$$config; \
	  if cmp -s etc/suanli/$$config $$target; then echo "rm -f $$target"; rm -f $$target; \
	  elif [ -e $$target ]; then echo "keeping $$target: it differs from the example"; fi; \
	done
	@rmdir $(DESTDIR)$(SYSCONFDIR)/suanli 2>/dev/null || true
	@if [ -z "$(DESTDIR)" ]; then \
	  journalctl --update-catalog; \
	  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	fi

# The unit files as CI checks them: systemd-analyze verify without a word on stderr, the exposure targets of
# systemd-analyze security, and the sysusers and tmpfiles files applied to a scratch root.
check-units:
	systemd/check-units.sh
