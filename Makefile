# rk — the commands a new user runs. See README.md and docs/.
SHELL := /bin/bash
CARGO ?= cargo
# Debian packages the build and the tests need (protoc for etcd-client's and CRI's protos,
# etcd-server for the etcd store backend's tests and benchmark, openssl for the certificates of
# its TLS tests, python3-venv for the end-to-end test's virtualenv with the Python Kubernetes client;
# containerd, runc, the CNI plugins, busybox-static (the locally built images), iptables/nftables
# for the pod network, docker-registry and skopeo for the image pull test; zsh and fish for the
# tests that load rkctl's completion scripts in each shell, time (GNU time) for the rkctl
# benchmark's peak memory).
DEBS := protobuf-compiler libprotobuf-dev etcd-server curl openssl python3-venv \
	containerd runc containernetworking-plugins busybox-static nftables iptables iproute2 \
	docker-registry skopeo zsh fish time

.PHONY: deps test bench up build fmt lint fuzz

deps:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "run as root (apt-get install $$missing)"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(CARGO) build --workspace

# The whole suite: unit tests, the store conformance suite over both backends (etcd started by
# the tests), the crash tests, and every benchmark at smoke size so that they keep working.
test: deps
	$(CARGO) build --workspace --bins   # the end-to-end tests run the built rkd
	@if $(CARGO) nextest --version >/dev/null 2>&1; then \
	  $(CARGO) nextest run --workspace --no-fail-fast; \
	else \
	  $(CARGO) test --workspace --no-fail-fast; \
	fi
	$(CARGO) run -q -p rkd -- bench store --smoke
	$(CARGO) run -q -p rkd -- bench apiserver --smoke
	$(CARGO) run -q -p rkd -- bench scheduler --smoke
	$(CARGO) run -q -p rkd -- bench sim --smoke
	$(CARGO) run -q -p rkd -- bench streams --smoke
	$(CARGO) run -q -p rkd -- bench pods --smoke
	$(CARGO) run -q -p rkctl --bin rkctl-bench -- --smoke

# The fuzz targets (proptest) for a bounded time: patch bodies of every type through the PATCH
# path, selectors, apply configurations (a few minutes; `make test` runs 2,000 cases of each).
fuzz:
	RK_FUZZ_CASES=50000 $(CARGO) nextest run -p rk-apiserver patch_fuzz --no-fail-fast

# Every benchmark at full size; each prints its figures next to its baseline from the same run.
bench: deps
	$(CARGO) build --release -p rkd -p rkctl
	./target/release/rkd bench store
	./target/release/rkd bench apiserver
	./target/release/rkd bench scheduler
	ulimit -n $$(ulimit -Hn) && ./target/release/rkd bench sim --agent-arg=--max-connections-per-node=1
	./target/release/rkd bench streams
	./target/release/rkd bench pods
	./target/release/rkctl-bench

# A one-machine cluster: server + a node agent with its own containerd, in the foreground until
# Ctrl-C (containerd and the pods keep running; a new `make up` adopts them). `rkd reset
# --data-dir /var/lib/rk` removes everything it made.
up: deps
	$(CARGO) build --release -p rkd
	./target/release/rkd up --data-dir /var/lib/rk

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings
