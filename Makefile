# authflux developer entry points. Run `make` (or `make help`) for the list.
#
# Docker is used when its engine answers (`docker info`); otherwise a project-private PostgreSQL
# cluster under .run/postgres is used (db/local-postgres.sh) and the jar runs directly
# (service/run-local.sh). Force either with USE_DOCKER=yes|no (default: auto).
#
# Variables: PORT (HTTP port for `run`, default 8080), MVN_ARGS (extra Maven arguments),
# AUTHFLUX_DB_HOST/... (use your own PostgreSQL for `run`), AUTHFLUX_TEST_DB_HOST/... (for tests).

SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN_ARGS ?=
USE_DOCKER ?= auto

MVNW := ./mvnw -B
COMPOSE := docker compose --env-file .run/secrets.env

# Shell condition: true if the Docker path should be used.
DOCKER_OK = { [ "$(USE_DOCKER)" = yes ] || { [ "$(USE_DOCKER)" = auto ] && docker info >/dev/null 2>&1; }; }

# The optimized argon2 (service/native/build-argon2.sh; once, then only when the script changes):
# where it cannot be built, the script says so and the tests use argon2's reference build.
NATIVE_ARGON2 = service/native/build-argon2.sh || true

# Shell prefix choosing the database for the test suite (test, run-e2e, run-cover):
#  - AUTHFLUX_TEST_DB_HOST already set: use that PostgreSQL as it is;
#  - Docker engine answers: leave AUTHFLUX_TEST_DB_* unset, so the tests use Testcontainers;
#  - otherwise: start the project-private cluster and export AUTHFLUX_TEST_DB_HOST/PORT/USER/PASSWORD
#    (the tests create their own throwaway database with that CREATEDB role).
WITH_TEST_DB = set -euo pipefail; \
	if [ -n "$${AUTHFLUX_TEST_DB_HOST:-}" ]; then \
		echo "Tests use PostgreSQL at $${AUTHFLUX_TEST_DB_HOST}:$${AUTHFLUX_TEST_DB_PORT:-5432} (AUTHFLUX_TEST_DB_HOST)"; \
	elif $(DOCKER_OK); then \
		echo "Tests use Testcontainers (Docker)"; \
	else \
		db/local-postgres.sh secrets; \
		db/local-postgres.sh start; \
		eval "$$(db/local-postgres.sh env | grep -v '_NAME=' | sed 's/^export AUTHFLUX_DB_/export AUTHFLUX_TEST_DB_/')"; \
		[ -n "$${AUTHFLUX_TEST_DB_PORT:-}" ] || { echo "could not read the local PostgreSQL settings" >&2; exit 1; }; \
		echo "Tests use the project-private PostgreSQL on $${AUTHFLUX_TEST_DB_HOST}:$${AUTHFLUX_TEST_DB_PORT}"; \
	fi;

.PHONY: help run stop stop-hard rotate-keys test run-e2e run-lint run-cover format clean

help: ## List the targets
	@echo "authflux make targets:"
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'
	@echo "Options: PORT=8081 make run; USE_DOCKER=yes|no (default auto); MVN_ARGS='-Dtest=FooTests'"

run: ## Start PostgreSQL and the service (Docker if available, else locally); prints the URL
	@set -euo pipefail; \
	db/local-postgres.sh secrets; \
	if $(DOCKER_OK); then \
		echo docker > .run/mode; \
		$(COMPOSE) up -d --build --wait; \
		echo "authflux is up at http://localhost:$${PORT:-8080}"; \
	else \
		echo local > .run/mode; \
		if [ -z "$${AUTHFLUX_DB_HOST:-}" ]; then \
			db/local-postgres.sh start; \
			eval "$$(db/local-postgres.sh env)"; \
			[ -n "$${AUTHFLUX_DB_PORT:-}" ] || { echo "could not read the local PostgreSQL settings" >&2; exit 1; }; \
		else \
			echo "Using your PostgreSQL at $${AUTHFLUX_DB_HOST}:$${AUTHFLUX_DB_PORT:-?} (AUTHFLUX_DB_HOST)"; \
		fi; \
		service/run-local.sh start; \
	fi

stop: ## Stop what `make run` started (data is kept)
	@set -euo pipefail; \
	mode="$$(cat .run/mode 2>/dev/null || true)"; \
	if [ "$$mode" = docker ]; then \
		if docker info >/dev/null 2>&1; then \
			db/local-postgres.sh secrets >/dev/null; \
			$(COMPOSE) down; \
		else \
			echo "The Docker engine does not answer: cannot stop the compose stack" >&2; \
		fi; \
	fi; \
	service/run-local.sh stop; \
	db/local-postgres.sh stop; \
	rm -f .run/mode

stop-hard: ## Stop everything and delete the databases (compose volume / local cluster)
	@set -euo pipefail; \
	if [ "$(USE_DOCKER)" != no ] && docker info >/dev/null 2>&1; then \
		db/local-postgres.sh secrets >/dev/null; \
		$(COMPOSE) down -v --remove-orphans; \
	fi; \
	service/run-local.sh stop; \
	db/local-postgres.sh destroy; \
	rm -f .run/mode

# The admin credentials come from .run/secrets.env (written by `make run`) unless exported; curl
# reads them from standard input, so the secret is not on a command line. They are sent as they
# are: letters, digits and -._~ (what `make run` generates) need no encoding (RFC 6749 §2.3.1).
rotate-keys: ## Rotate the signing key of the `make run` service now (PORT, default 8080)
	@set -euo pipefail; \
	command -v curl >/dev/null 2>&1 || { echo "rotate-keys: needs curl" >&2; exit 1; }; \
	id="$${AUTHFLUX_ADMIN_CLIENT_ID:-$$(sed -n 's/^AUTHFLUX_ADMIN_CLIENT_ID=//p' .run/secrets.env 2>/dev/null | tail -n 1)}"; \
	secret="$${AUTHFLUX_ADMIN_CLIENT_SECRET:-$$(sed -n 's/^AUTHFLUX_ADMIN_CLIENT_SECRET=//p' .run/secrets.env 2>/dev/null | tail -n 1)}"; \
	[ -n "$$secret" ] || { echo "rotate-keys: no AUTHFLUX_ADMIN_CLIENT_SECRET (exported, or in .run/secrets.env): start the service with 'make run'" >&2; exit 1; }; \
	port="$${PORT:-$$(cat .run/service.port 2>/dev/null || echo 8080)}"; \
	url="http://localhost:$$port/api/v1/admin/signing-keys/rotate"; \
	if ! printf 'user = "%s:%s"\n' "$${id:-admin}" "$$secret" | curl -sS --fail-with-body --config - -X POST "$$url"; then \
		echo; \
		echo "rotate-keys: POST $$url failed. Is the service up (make run)? A 401 means it was started with other admin credentials (make stop && make run)." >&2; \
		exit 1; \
	fi; \
	echo

test: ## Run the whole test suite (./mvnw verify, with coverage check) and check the k6 scripts
	@loadtest/check-syntax.sh
	@$(NATIVE_ARGON2)
	@$(WITH_TEST_DB) $(MVNW) verify $(MVN_ARGS)

run-e2e: ## Run only the end-to-end tests (JUnit tag "e2e")
	@$(NATIVE_ARGON2)
	@$(WITH_TEST_DB) $(MVNW) verify -Dgroups=e2e -Djacoco.skip=true $(MVN_ARGS)

run-lint: ## Check formatting (spring-javaformat) and banned patterns in main code
	@set -uo pipefail; status=0; \
	echo "Checking formatting (spring-javaformat:validate) ..."; \
	$(MVNW) -q spring-javaformat:validate $(MVN_ARGS) || status=1; \
	echo "Checking banned patterns (service/lint-banned.sh) ..."; \
	service/lint-banned.sh || status=1; \
	if [ $$status -ne 0 ]; then echo "run-lint: FAILED (run 'make format' for formatting problems)" >&2; else echo "run-lint: OK"; fi; \
	exit $$status

run-cover: ## Run the whole test suite with coverage and print where the report is
	@$(NATIVE_ARGON2)
	@$(WITH_TEST_DB) status=0; \
	$(MVNW) verify $(MVN_ARGS) || status=$$?; \
	if [ -f service/target/site/jacoco/index.html ]; then echo "Coverage report: service/target/site/jacoco/index.html"; fi; \
	exit $$status

format: ## Reformat the Java sources (spring-javaformat:apply)
	@$(MVNW) -q spring-javaformat:apply $(MVN_ARGS)

clean: ## Delete build output (keeps the local database and secrets; see stop-hard)
	@$(MVNW) -q clean $(MVN_ARGS)
	@rm -rf .run/service.log .run/app .run/aot-training.log

.PHONY: loadtest loadtest-check

loadtest: ## Run a k6 script (SCRIPT=login.js, default seed-auth.js; BASE_URL=...; see loadtest/README.md)
	@set -euo pipefail; \
	script="$(notdir $(or $(SCRIPT),seed-auth.js))"; \
	[ -f "loadtest/$$script" ] || { echo "loadtest: no script loadtest/$$script (see loadtest/README.md)" >&2; exit 1; }; \
	if command -v k6 >/dev/null 2>&1; then \
		if [ -z "$${INTROSPECTION_CLIENT_SECRET:-}" ] && [ -f .run/secrets.env ]; then \
			INTROSPECTION_CLIENT_ID="$${INTROSPECTION_CLIENT_ID:-$$(sed -n 's/^AUTHFLUX_INTROSPECTION_CLIENT_ID=//p' .run/secrets.env | tail -n 1)}"; \
			INTROSPECTION_CLIENT_SECRET="$$(sed -n 's/^AUTHFLUX_INTROSPECTION_CLIENT_SECRET=//p' .run/secrets.env | tail -n 1)"; \
			export INTROSPECTION_CLIENT_ID INTROSPECTION_CLIENT_SECRET; \
		fi; \
		BASE_URL="$(or $(BASE_URL),http://localhost:$${PORT:-8080})" k6 run "loadtest/$$script"; \
	elif docker info >/dev/null 2>&1; then \
		db/local-postgres.sh secrets >/dev/null; \
		echo "k6 is not installed: running loadtest/$$script in the grafana/k6 image (compose profile loadtest)"; \
		K6_SCRIPT="$$script" LOADTEST_UID="$$(id -u)" LOADTEST_GID="$$(id -g)" \
			$(COMPOSE) --profile loadtest run --rm $$([ -t 0 ] || echo -T) $(if $(BASE_URL),--no-deps) k6; \
	else \
		echo "loadtest: needs k6 or a Docker engine; neither is available here." >&2; \
		echo "  Install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) and run: make loadtest SCRIPT=$$script" >&2; \
		echo "  or start a Docker engine, so that the grafana/k6 image runs it against the compose stack." >&2; \
		echo "  Where neither can be had (the build machine), 'make bench' measures with wrk: see docs/performance.md." >&2; \
		exit 1; \
	fi

loadtest-check: ## Check the k6 scripts' syntax with node (no k6 needed)
	@loadtest/check-syntax.sh

.PHONY: bench
bench: ## Benchmark this build and Keycloak side by side with wrk (~29 min; BENCH_QUICK=1: ~11 min); see bench/README.md
	@bench/run.sh

.PHONY: bench-ladder
bench-ladder: ## Trivial requests/s per layer, from bare Reactor Netty up to the service (~6 min a round; ROUNDS=2)
	@bench/ladder/run.sh
