#!/usr/bin/env bash
# Installs and starts every real server the tests need, runs `dotnet test BalkanHub.sln` with any
# arguments passed on (for example ./test.sh --filter Category=Faults), prints each suite's time,
# and stops what it started.
#
# Servers started here, shared by the tests through environment variables:
#   RabbitMQ (a private node)  BALKANHUB_RABBITMQ_URI, BALKANHUB_RABBITMQ_NODE
#   PostgreSQL (a private      BALKANHUB_POSTGRES (a connection string to its `postgres` database; tests
#     server, OS packages)       create a database each), BALKANHUB_POSTGRES_BIN (pg_dump, pg_restore)
#   Redis (private, no disk)   BALKANHUB_REDIS (host:port, for the SignalR backplane of aggregator replicas)
# A test that kills or restarts a server, or needs the broker loaded with deploy/rabbitmq/definitions.json
# (per-party users), starts its own private node instead with deploy/scripts/rabbitmq-node.sh.
#
#   ./test.sh --fast [ARGS]   the developer's inner loop, under three minutes with the build: the domain
#                             and deployment-file suites, and the contact point's and aggregator's tests in
#                             Category "Unit" (their consumers on MassTransit's in-memory harness, each on a
#                             SQLite file; the store models against their migrations). No server is started:
#                             the real-broker fixtures (Category "Integration", "Security" and the rest of
#                             those two suites), the network, fault, browser and PostgreSQL runs and the
#                             benchmark smoke run are left to the full ./test.sh. A --filter given here
#                             narrows that selection further, it never widens it.
set -euo pipefail

fast=false
if [ "${1:-}" = "--fast" ]; then
  fast=true
  shift
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
started=$(date +%s)
node_script=$root/deploy/scripts/rabbitmq-node.sh

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# The fast selection needs no server: nothing to install or start.
fast_projects=(BalkanHub.Domain.Tests BalkanHub.Deployment.Tests BalkanHub.ContactPoint.Tests BalkanHub.Aggregator.Tests)
# Of these, the suites that also hold real-broker fixtures: only their Category "Unit" tests run fast.
fast_unit_only=" BalkanHub.ContactPoint.Tests BalkanHub.Aggregator.Tests "
if [ "$fast" = false ]; then
  "$node_script" install
  # curl and openssl for ./run.sh; Node.js to check signatures with a second, independent implementation,
  # and npm for the pages' browser libraries; Debian's Chromium for the page tests (Playwright drives it).
  # PostgreSQL and Redis for the aggregator's production store and its replicas' SignalR backplane.
  for package in curl:curl openssl:openssl node:nodejs npm:npm chromium:chromium redis-server:redis-server; do
    command -v "${package%%:*}" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${package#*:}" >/dev/null; }
  done
fi

# How long the disk takes to make a small write durable: quorum queues, SQLite and the tests' brokers
# wait on it for every commit, so a slow disk shows up as backlogs. Printed, so a slow CI run is explained.
probe=$(mktemp "${TMPDIR:-/tmp}/balkanhub-fsync.XXXXXX")
fsync_ms=$( { TIMEFORMAT=%R; time dd if=/dev/zero of="$probe" bs=4k count=200 oflag=dsync status=none; } 2>&1 | awk '{ printf "%.2f", $1 * 1000 / 200 }')
rm -f "$probe"
echo "test.sh: the disk under ${TMPDIR:-/tmp} makes a 4 KiB write durable in $fsync_ms ms (200 writes with O_DSYNC)"

# Every test's data is throwaway: brokers, SQLite files and servers it starts live in its temporary
# folder. On a memory file system they survive what the tests do to them (kill -9 of a process keeps
# what it wrote; the tests never cut the power), and fsync costs nothing, so a slow CI disk does not turn
# the fault scenarios' load into a backlog they would be timing. Only with room to spare (4 GiB).
run_tmp=
if [ -z "${BALKANHUB_TEST_ON_DISK:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && ! grep -qE '^\S+ /dev/shm \S+ \S*noexec' /proc/mounts \
  && [ "$(df -k --output=avail /dev/shm 2>/dev/null | tail -1 | tr -d ' ')" -ge 4194304 ] 2>/dev/null; then
  run_tmp=$(mktemp -d /dev/shm/balkanhub-test.XXXXXX)
  chmod 1777 "$run_tmp" # like /tmp: the PostgreSQL and RabbitMQ users reach their folders in it
  export TMPDIR=$run_tmp
  echo "test.sh: temporary files in $TMPDIR (memory; BALKANHUB_TEST_ON_DISK=1 keeps them on disk)"
fi

node=
pg_dir=
redis_dir=
redis_port=
cleanup() {
  [ -z "$node" ] || "$node_script" stop "$node"
  [ -z "$pg_dir" ] || "$pg_script" stop "$pg_dir"
  [ -z "$redis_port" ] || redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "${broker_dir:-}" "$pg_dir" "$redis_dir"
  [ -z "$run_tmp" ] || rm -rf "$run_tmp"
}
trap cleanup EXIT

if [ "$fast" = false ]; then
  amqp_port=$(free_port)
  node="bh-test-$amqp_port@localhost"
  broker_dir=$(mktemp -d "${TMPDIR:-/tmp}/balkanhub-test-rabbitmq.XXXXXX")
  pg_script=$root/deploy/scripts/postgres-server.sh
  pg_bin=$("$pg_script" bin)
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/balkanhub-test-postgres.XXXXXX")
  redis_dir=$(mktemp -d "${TMPDIR:-/tmp}/balkanhub-test-redis.XXXXXX")

  echo "test.sh: starting RabbitMQ node $node on port $amqp_port"
  "$node_script" start "$node" "$amqp_port" "$broker_dir"
  export BALKANHUB_RABBITMQ_URI="amqp://guest:guest@127.0.0.1:$amqp_port/"
  export BALKANHUB_RABBITMQ_NODE="$node"
  export BALKANHUB_RABBITMQ_SCRIPT="$node_script"

  # A throwaway PostgreSQL server: trust on 127.0.0.1 only, no fsync (its data dies with the run).
  pg_port=$(free_port)
  echo "test.sh: starting PostgreSQL ($pg_bin) on port $pg_port"
  BALKANHUB_POSTGRES_THROWAWAY=1 "$pg_script" start "$pg_dir" "$pg_port"
  export BALKANHUB_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  export BALKANHUB_POSTGRES_BIN="$pg_bin"

  redis_port=$(free_port)
  echo "test.sh: starting Redis on port $redis_port"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" --daemonize yes >/dev/null
  export BALKANHUB_REDIS="127.0.0.1:$redis_port"
fi
servers_ready=$(date +%s)

# Release: the services the tests start as processes run as they would be shipped.
echo "test.sh: building"
if [ "$fast" = true ]; then
  # One build of the four projects (fast.slnf), so the services they share are built once.
  dotnet build fast.slnf -c Release -nologo -v quiet
else
  dotnet build BalkanHub.sln -c Release -nologo -v quiet
fi
built=$(date +%s)

log=$(mktemp)
export BALKANHUB_REPORT_DIR=$(mktemp -d)
status=0
# Every test starts its services fresh, so they spend their first minutes compiling: in a cold profile
# (perf, docs/benchmarks.md) the JIT was 22 % of the aggregator's CPU and 37 % of a contact point's.
# Tiered PGO adds an instrumented tier before each hot method's final one; short-lived processes never
# repay it. Off for the suites only (the services inherit it from the test hosts): one fault scenario
# took 3 m 31 s and 6 min of CPU with it, 2 m 55 s and 4 min without. The shipped services, run.sh and
# the benchmark keep the runtime's default.
export DOTNET_TieredPGO=0
if [ "$fast" = true ]; then
  # A --filter of the caller's is combined with each suite's own selection rather than replacing it.
  user_filter=
  rest=()
  while [ $# -gt 0 ]; do
    if [ "$1" = "--filter" ] && [ $# -ge 2 ]; then user_filter=$2; shift 2; else rest+=("$1"); shift; fi
  done
  # Each project on its own command line, in parallel as dotnet test runs a solution's projects.
  pids=()
  for project in "${fast_projects[@]}"; do
    filter=$user_filter
    if [[ "$fast_unit_only" == *" $project "* ]]; then filter="${user_filter:+($user_filter)&}TestCategory=Unit"; fi
    dotnet test "tests/$project" -c Release --no-build -nologo ${filter:+--filter "$filter"} "${rest[@]}" >"$log.$project" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
  cat "$log".BalkanHub.* | tee "$log" >/dev/null
  cat "$log"
  rm -f "$log".BalkanHub.*
else
  dotnet test BalkanHub.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
fi
finished=$(date +%s)
unset DOTNET_TieredPGO

# The benchmark (tests/BalkanHub.Benchmarks, docs/benchmarks.md) in its smoke mode: tiny counts on its own
# private node, asserting no speed, only that every scenario still produces figures, so it never rots.
bench_status=0
if [ $# -eq 0 ] && [ "$fast" = false ]; then
  echo "test.sh: benchmark smoke run"
  dotnet run -c Release --no-build --project tests/BalkanHub.Benchmarks -- --smoke || bench_status=$?
elif [ "$fast" = true ]; then
  echo "test.sh: --fast, so no benchmark smoke run (./test.sh without arguments runs it)"
else
  echo "test.sh: arguments given, so no benchmark smoke run (./test.sh without arguments runs it)"
fi
[ "$bench_status" -eq 0 ] || { echo "test.sh: the benchmark smoke run failed ($bench_status)"; [ "$status" -ne 0 ] || status=$bench_status; }
benchmarked=$(date +%s)

echo
echo "test.sh: time per step"
printf '  %-44s %6ss\n' "servers" $((servers_ready - started)) "build" $((built - servers_ready)) "dotnet test (suites run in parallel)" $((finished - built)) \
  "benchmark smoke" $((benchmarked - finished))
echo "test.sh: time per suite"
grep -E '^(Passed|Failed)!' "$log" | sed -E 's/^.*Duration: ([^-]+) - ([^ ]+).*$/  \2  \1/' || true
printf '  %-44s %6ss\n' "total" $((benchmarked - started))
if [ -s "$BALKANHUB_REPORT_DIR/fixtures.tsv" ]; then
  # From set-up to tear-down; fixtures of one suite may overlap (the integration tests run two at a time).
  echo "test.sh: slowest fixtures (seconds, suite, fixture)"
  sort -rn "$BALKANHUB_REPORT_DIR/fixtures.tsv" | head -n 15 | sed -E 's/^/  /; s/\tBalkanHub\./\t/'
fi
if [ -s "$BALKANHUB_REPORT_DIR/faults.md" ]; then
  echo "test.sh: deliveries under faults (lost, duplicated and unexpected must all be 0)"
  echo "| scenario | sent | accepted | deliveries expected | delivered | lost | duplicated | unexpected | sequence gaps | recovery |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  cat "$BALKANHUB_REPORT_DIR/faults.md"
fi
# Last, because a CI log is often read from its tail only (sometimes its last eighty lines): what the
# failed scenarios saw (outbox rows waiting, queues holding messages, the services' last warnings), and
# at the very end which tests failed, with the first lines of each message.
if [ -s "$BALKANHUB_REPORT_DIR/failures.md" ]; then
  echo "test.sh: what the failed scenarios saw"
  head -n 150 "$BALKANHUB_REPORT_DIR/failures.md"
fi
if grep -qE '^\s+Failed [A-Za-z_]' "$log"; then
  echo "test.sh: failed tests (first lines of each message)"
  awk '/^[[:space:]]+Failed [A-Za-z_]/ { n = 6 } /Stack Trace:/ { n = 0 } n > 0 { print; n-- }' "$log" | cut -c1-400 | head -n 40
fi
rm -rf "$log" "$BALKANHUB_REPORT_DIR"
exit $status
