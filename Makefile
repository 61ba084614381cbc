# authflux developer entry points. Run `make` (or `make help`) for the list.
#
# Docker is used when its engine answers (`docker info`); otherwise a project-private PostgreSQL
# cluster under .run/postgres is used (db/local-postgres.sh) and the jar runs directly
# (service/run-local.sh). Force either with USE_DOCKER=yes|no (default: auto). Each recipe calls a
# script: scripts/ (shared helpers in scripts/lib.sh), db/, service/, loadtest/, bench/.
#
# Variables: PORT (HTTP port for `run`, default 8080), MVN_ARGS (extra Maven arguments),
# AUTHFLUX_DB_HOST/... (use your own PostgreSQL for `run`), AUTHFLUX_TEST_DB_HOST/... (for tests).

SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN_ARGS ?=
USE_DOCKER ?= auto

MVNW := ./mvnw -B
# The scripts read it (and SCRIPT, BASE_URL, PORT, set on the command line) from the environment.
export USE_DOCKER

.PHONY: help run stop stop-hard rotate-keys test run-e2e run-lint run-cover format clean

help: ## List the targets
	@echo "authflux make targets:"
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'
	@echo "Options: PORT=8081 make run; USE_DOCKER=yes|no (default auto); MVN_ARGS='-Dtest=FooTests'"

run: ## Start PostgreSQL and the service (Docker if available, else locally); prints the URL and where mail goes
	@scripts/run.sh

stop: ## Stop what `make run` started (data is kept)
	@scripts/stop.sh

stop-hard: ## Stop everything and delete the databases (compose volume / local cluster)
	@scripts/stop.sh --hard

rotate-keys: ## Rotate the signing keys of the `make run` service now (PORT, default 8080)
	@scripts/rotate-keys.sh

test: ## Run the whole test suite (./mvnw verify, with coverage check) and check the k6 scripts
	@scripts/test.sh $(MVN_ARGS)

run-e2e: ## Run only the end-to-end tests (JUnit tag "e2e")
	@scripts/verify.sh -Dgroups=e2e -Djacoco.skip=true $(MVN_ARGS)

# The banned calls in main code are ArchUnit rules, run by `make test`.
run-lint: ## Check formatting (spring-javaformat); banned calls are ArchUnit rules in `make test`
	@$(MVNW) -q spring-javaformat:validate $(MVN_ARGS) || { echo "run-lint: FAILED (run 'make format')" >&2; exit 1; }

run-cover: ## Run the whole test suite with coverage and print where the report is
	@scripts/verify.sh --cover $(MVN_ARGS)

format: ## Reformat the Java sources (spring-javaformat:apply)
	@$(MVNW) -q spring-javaformat:apply $(MVN_ARGS)

clean: ## Delete build output (keeps the local database and secrets; see stop-hard)
	@$(MVNW) -q clean $(MVN_ARGS)
	@rm -rf .run/service.log .run/app .run/aot-training.log

.PHONY: loadtest loadtest-check

loadtest: ## Run a k6 script (SCRIPT=login.js, default seed-auth.js; BASE_URL=...; see loadtest/README.md)
	@scripts/loadtest.sh

loadtest-check: ## Check the k6 scripts' syntax with node (no k6 needed)
	@loadtest/check-syntax.sh

.PHONY: bench
bench: ## Benchmark this build and Keycloak side by side with wrk (~30 min; BENCH_QUICK=1: <5 min); see bench/README.md
	@bench/run.sh

.PHONY: bench-ladder
bench-ladder: ## Trivial requests/s per layer, from bare Reactor Netty up to the service (~6 min a round; ROUNDS=2)
	@bench/ladder/run.sh
