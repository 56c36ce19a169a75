# todo-fcgi: `make help` lists the targets. Configuration comes from the environment, then .env
# (see .env.example), e.g. `PORT=9090 make run`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Swift may live outside PATH (scripts/env.sh does the same for the scripts).
SWIFT_ENV := . scripts/env.sh &&
# The same flags as `make test`, so that the two share .build instead of rebuilding everything.
STRICT := -Xswiftc -warnings-as-errors

.PHONY: help run test build release bench format lint clean fuzz soak dist dist-test deb

help: ## this list
	@echo "todo-fcgi targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 18

run: ## build (release), migrate and serve behind nginx on http://HOST:PORT until Ctrl-C
	@scripts/run.sh

test: ## build with warnings as errors, unit tests, format lint, integration tests
	@scripts/test.sh

build: ## debug build with warnings as errors (.build/debug/todo-fcgi)
	@scripts/deps.sh build
	@$(SWIFT_ENV) swift build --build-tests $(STRICT)

release: ## release build (.build/release/todo-fcgi, the Swift runtime linked in as in the bundle)
	@scripts/deps.sh build
	@$(SWIFT_ENV) swift build -c release --static-swift-stdlib

dist: ## release bundle dist/todo-fcgi-VERSION-linux-ARCH.tar.gz (Swift runtime and libfcgi linked in)
	@scripts/dist.sh

deb: ## Debian package dist/todo-fcgi_VERSION_ARCH.deb from the bundle (dpkg-deb; lintian when installed)
	@scripts/deps.sh deb
	@scripts/deb.sh

dist-test: ## the bundle, then the .deb (dpkg -i), on a clean debootstrapped Debian (nginx-light, libssl3, libsqlite3-0); needs root
	@scripts/dist-test.sh

fuzz: ## libFuzzer + ASan on the request path, tokens and raw FastCGI records, FUZZ_SECONDS (60) each (scripts/fuzz.sh)
	@scripts/fuzz.sh

bench: ## load test with ceilings and micro-benchmarks (BENCH_QUICK=1: about a minute)
	@scripts/bench.sh

soak: ## SOAK_SECONDS (300) of mixed load: responder RSS and fds must stay flat, no error (scripts/soak.sh)
	@scripts/soak.sh

format: ## rewrite Sources, Tests and Package.swift with swift format
	@$(SWIFT_ENV) swift format format -i -r Sources Tests Package.swift

lint: ## swift format lint --strict (what make test checks)
	@$(SWIFT_ENV) swift format lint --strict -r Sources Tests Package.swift

clean: ## remove build outputs, the test virtualenv and run/ (keeps data/ and .env)
	@if [ -d .build ]; then $(SWIFT_ENV) swift package clean; fi
	rm -rf .venv-test run .pytest_cache integration/.pytest_cache
