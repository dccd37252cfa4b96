#!/usr/bin/env bash
# Starts the whole BalkanHub network on this machine: a private RabbitMQ node, the aggregator, and one
# contact point per country and observer on the route. Everything it writes goes under .run/.
#
#   ./run.sh              start in the foreground; Ctrl-C stops everything
#   ./run.sh --detach     start in the background; ./run.sh stop stops it
#   ./run.sh --quiet      start without the autumn-2015 scenario replay (combines with --detach)
#   ./run.sh stop         stop a network started with --detach
#   ./run.sh token COUNTRY ROLE
#                         print a token for the running network, such as ./run.sh token GR officer
#                         or ./run.sh token EU commission (roles: officer viewer commission agency operator)
#   ./run.sh url SERVICE  print the address of the running network's aggregator or of a contact point,
#                         such as ./run.sh url MK (from .run/network.json)
#
# Settings (environment):
#   BALKANHUB_ROUTE           route file (default deploy/route.json)
#   BALKANHUB_BASE_PORT       aggregator port; contact points follow in code order (default 5100)
#   BALKANHUB_AMQP_PORT       the private RabbitMQ node's AMQP port (default 5682)
#   BALKANHUB_MANAGEMENT_PORT its management UI port (default 15682; 0 turns it off)
#   BALKANHUB_CONFIGURATION   build configuration (default Release)
#   BALKANHUB_NO_BUILD        set to 1 to use what is already built
#   BALKANHUB_RUN_DIR         where logs, databases and network.json go (default .run)
#   BALKANHUB_SECONDS_PER_DAY how long a replayed day of the scenario takes (default 5)
#   BALKANHUB_AGGREGATORS     aggregator replicas (default 1). Two or more share a private PostgreSQL
#                             server and a private Redis (installed from the OS packages when missing),
#                             take the ports from BALKANHUB_BASE_PORT on, and the contact points follow
#   BALKANHUB_POSTGRES_PORT   that PostgreSQL server's port (default 5532)
#   BALKANHUB_REDIS_PORT      that Redis server's port (default 6479)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run_dir=${BALKANHUB_RUN_DIR:-$root/.run}
route=${BALKANHUB_ROUTE:-$root/deploy/route.json}
base_port=${BALKANHUB_BASE_PORT:-5100}
amqp_port=${BALKANHUB_AMQP_PORT:-5682}
management_port=${BALKANHUB_MANAGEMENT_PORT:-15682}
configuration=${BALKANHUB_CONFIGURATION:-Release}
aggregators=${BALKANHUB_AGGREGATORS:-1}
postgres_port=${BALKANHUB_POSTGRES_PORT:-5532}
redis_port=${BALKANHUB_REDIS_PORT:-6479}
node="balkanhub-$amqp_port@localhost"
node_script=$root/deploy/scripts/rabbitmq-node.sh
pg_script=$root/deploy/scripts/postgres-server.sh

say() { echo "run.sh: $*" >&2; }

stop_network() {
  if [ -d "$run_dir/pids" ]; then
    for pidfile in "$run_dir"/pids/*.pid; do
      [ -e "$pidfile" ] || continue
      kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
    done
    # Give the services their graceful shutdown (in-flight messages, the outbox) before insisting.
    for _ in $(seq 1 40); do
      alive=0
      for pidfile in "$run_dir"/pids/*.pid; do
        [ -e "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && alive=1
      done
      [ $alive = 0 ] && break
      sleep 0.5
    done
    for pidfile in "$run_dir"/pids/*.pid; do
      [ -e "$pidfile" ] || continue
      kill -KILL "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
    done
  fi
  if [ -f "$run_dir/rabbitmq.node" ]; then
    "$node_script" stop "$(cat "$run_dir/rabbitmq.node")"
    rm -f "$run_dir/rabbitmq.node"
  fi
  # The replicas' PostgreSQL and Redis, when several aggregators ran.
  if [ -f "$run_dir/postgres.dir" ]; then
    local pg_dir
    pg_dir=$(cat "$run_dir/postgres.dir")
    "$pg_script" stop "$pg_dir"
    rm -rf "$pg_dir"
    rm -f "$run_dir/postgres.dir"
  fi
  if [ -f "$run_dir/redis.port" ]; then
    redis-cli -p "$(cat "$run_dir/redis.port")" shutdown nosave >/dev/null 2>&1 || true
    rm -f "$run_dir/redis.port"
  fi
  rm -f "$run_dir/development.key" "$run_dir/broker-credentials"
  if [ -f "$run_dir/rabbitmq.dir" ]; then
    rm -rf "$(cat "$run_dir/rabbitmq.dir")"
    rm -f "$run_dir/rabbitmq.dir"
  fi
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# A JWT signed with the network's development key (HS256), which the services accept in Development only.
print_token() {
  local country=${1:-} role=${2:-}
  [ -f "$run_dir/development.key" ] || { say "no network is running here; start one with ./run.sh --detach"; exit 1; }
  case "$role" in officer|viewer|commission|agency|operator) ;; *) say "ROLE must be officer, viewer, commission, agency or operator"; exit 2 ;; esac
  grep -q "\"code\": *\"$country\"" "$route" || { say "'$country' is not a participant of $route"; exit 2; }
  local now lower header payload hexkey signature
  now=$(date +%s)
  lower=$(echo "$country" | tr '[:upper:]' '[:lower:]')
  header=$(printf '{"alg":"HS256","typ":"JWT","kid":"development"}' | b64url)
  payload=$(printf '{"iss":"balkanhub-development","aud":"balkanhub","sub":"dev-%s-%s","name":"%s of %s (development)","country":"%s","role":"%s","iat":%s,"nbf":%s,"exp":%s}' \
    "$lower" "$role" "$role" "$country" "$country" "$role" "$now" "$now" $((now + 8 * 3600)) | b64url)
  hexkey=$(base64 -d <"$run_dir/development.key" | od -An -tx1 | tr -d ' \n')
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary | b64url)
  printf '%s.%s.%s\n' "$header" "$payload" "$signature"
}

# A service's address as network.json has it: "aggregator", or a participant's code.
print_url() {
  local service=${1:-} url
  [ -f "$run_dir/network.json" ] || { say "no network is running here; start one with ./run.sh --detach"; exit 1; }
  url=$(grep -o "\"$service\": *\"http[^\"]*\"" "$run_dir/network.json" | head -n 1 | sed 's/.*"\(http[^"]*\)"/\1/' || true)
  [ -n "$url" ] || { say "'$service' is not in $run_dir/network.json: name the aggregator or a participant's code"; exit 2; }
  echo "$url"
}

case "${1:-}" in
  stop)
    stop_network
    say "stopped"
    exit 0
    ;;
  token)
    print_token "${2:-}" "${3:-}"
    exit 0
    ;;
  url)
    print_url "${2:-}"
    exit 0
    ;;
  --detach|--quiet|"") ;;
  *)
    sed -n '2,29p' "$0" >&2
    exit 2
    ;;
esac
detach=false
simulate=true
for argument in "$@"; do
  case "$argument" in
    --detach) detach=true ;;
    --quiet) simulate=false ;;
    *) sed -n '2,29p' "$0" >&2; exit 2 ;;
  esac
done

# npm restores the pages' browser libraries during the build (web/package-lock.json).
for tool in curl openssl npm; do
  command -v $tool >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $tool >/dev/null; }
done

# The participants that run a contact point come from the route file, one participant per line there:
# configuration, not code. Observers run one as countries do (RouteMap.RunsContactPoint), just with no borders.
mapfile -t participants < <(sed -n -E 's/.*"code": *"([A-Z]*)".*"role": *"(country|observer)".*/\1/p' "$route" | sort)
[ ${#participants[@]} -gt 0 ] || { say "no countries or observers found in $route"; exit 1; }

if [ -f "$run_dir/rabbitmq.node" ]; then
  say "a network seems to be running already (see $run_dir); stop it with ./run.sh stop"
  exit 1
fi
# Each start is a fresh network: a new broker, new keys and passwords, and empty databases to match.
rm -rf "$run_dir/data" "$run_dir/logs"
mkdir -p "$run_dir/pids" "$run_dir/logs" "$run_dir/data"
# A signing key for this network only: tokens from ./run.sh token are worthless anywhere else.
(umask 077; head -c 32 /dev/urandom | base64 >"$run_dir/development.key")

# Proof of origin: an ECDSA P-256 key pair per contact point, and the aggregator's file of trusted public keys.
rm -rf "$run_dir/keys"
mkdir -p "$run_dir/keys"
key_id_suffix=$(date -u +%Y%m%d%H%M%S)
{
  echo '{"keys": ['
  sep=
  for participant in "${participants[@]}"; do
    lower=$(echo "$participant" | tr '[:upper:]' '[:lower:]')
    (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$run_dir/keys/$lower.pem" 2>/dev/null)
    public_key=$(openssl pkey -in "$run_dir/keys/$lower.pem" -pubout | awk '{printf "%s\\n", $0}')
    printf '%s  {"country": "%s", "keyId": "%s-%s", "publicKey": "%s"}\n' "$sep" "$participant" "$participant" "$key_id_suffix" "$public_key"
    sep=,
  done
  echo ']}'
} >"$run_dir/keys/trusted-keys.json"

if [ "${BALKANHUB_NO_BUILD:-0}" != 1 ]; then
  say "building ($configuration)…"
  for project in BalkanHub.Aggregator BalkanHub.ContactPoint BalkanHub.Cli; do
    dotnet build "$root/src/$project" -c "$configuration" -nologo -v quiet >"$run_dir/logs/build-$project.log" 2>&1 \
      || { cat "$run_dir/logs/build-$project.log" >&2; exit 1; }
  done
fi

# RabbitMQ's own user must be able to reach its data folder, so it lives in the temp folder, not in the clone.
broker_dir=$(mktemp -d "${TMPDIR:-/tmp}/balkanhub-rabbitmq.XXXXXX")
echo "$broker_dir" >"$run_dir/rabbitmq.dir"
say "starting RabbitMQ node $node on port $amqp_port…"
"$node_script" start "$node" "$amqp_port" "$broker_dir" "$management_port"
echo "$node" >"$run_dir/rabbitmq.node"
# Users with the narrowest permissions, quorum queues and bindings, as in production; fresh passwords
# for this network only.
"$node_script" load-definitions "$node" "$root/deploy/rabbitmq/definitions.json" "$run_dir/broker-credentials"
amqp_for() { echo "amqp://$1:$(sed -n "s/^$1 //p" "$run_dir/broker-credentials")@127.0.0.1:$amqp_port/"; }

if [ "$detach" = false ]; then
  trap 'echo; stop_network; say "stopped"; exit 0' INT TERM
fi

# The scenario network runs on the scenario's clock: every service and the simulator get the same start
# and pace, so all the times the hub stamps and every deadline it keeps follow the replayed day (see
# ScenarioClock in src/BalkanHub.Domain/Time). The clocks stand at the start until the simulator, once
# connected, writes the real start to one file that every service watches: a slow start on a busy
# machine then delays the replay instead of making its first reports late. Token lifetimes and the
# machinery stay on real time. The periodic checks poll a twentieth of a replayed day.
scenario_file=$root/deploy/scenario/autumn-2015.json
seconds_per_day=${BALKANHUB_SECONDS_PER_DAY:-5}
clock=()
if [ "$simulate" = true ]; then
  clock_start=$(sed -n -E 's/^ *"start": *"([^"]*)".*/\1/p' "$scenario_file" | head -n 1)
  clock_end=$(sed -n -E 's/^ *"end": *"([^"]*)".*/\1/p' "$scenario_file" | head -n 1)
  clock_file=$run_dir/data/scenario-clock.json
  check_interval=$(awk -v s="$seconds_per_day" 'BEGIN { v = s / 20; if (v < 0.1) v = 0.1; if (v > 60) v = 60; printf "00:00:%06.3f", v }')
  clock=(ScenarioClock__Start="$clock_start" ScenarioClock__End="$clock_end" ScenarioClock__RealStartFile="$clock_file"
    ScenarioClock__SecondsPerDay="$seconds_per_day" Picture__CheckInterval="$check_interval"
    Measures__CheckInterval="$check_interval" Assistance__CheckInterval="$check_interval")
fi

start_service() { # name project port env...
  local name=$1 project=$2 port=$3; shift 3
  local bin="$root/src/$project/bin/$configuration/net10.0"
  env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Development \
      Route__Path="$route" Auth__DevelopmentKey="$(cat "$run_dir/development.key")" "$@" \
      setsid dotnet "$bin/$project.dll" --contentRoot "$bin" >"$run_dir/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$run_dir/pids/$name.pid"
}

wait_ready() { # name url
  local name=$1 url=$2 i
  for i in $(seq 1 120); do
    # Healthy, not merely ready: a Degraded service takes requests, but its bus may not be connected yet.
    if curl -fs "$url/health/ready" 2>/dev/null | grep -q '"status":"Healthy"'; then return; fi
    if ! kill -0 "$(cat "$run_dir/pids/$name.pid")" 2>/dev/null || [ "$i" = 120 ]; then
      say "$name at $url did not become ready:"
      tail -n 20 "$run_dir/logs/$name.log" >&2
      stop_network
      exit 1
    fi
    sleep 1
  done
}

# One aggregator stores in SQLite. Several are replicas: competing consumers of the one intake queue,
# sharing a PostgreSQL database (sequence numbers stay gap-free across them) and pushing to SignalR
# clients through Redis, so a client on one replica hears what another consumed.
store=(ConnectionStrings__Aggregator="Data Source=$run_dir/data/aggregator.db")
if [ "$aggregators" -gt 1 ]; then
  command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
  pg_bin=$("$pg_script" bin)
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/balkanhub-postgres.XXXXXX")
  echo "$pg_dir" >"$run_dir/postgres.dir"
  say "starting PostgreSQL on port $postgres_port and Redis on port $redis_port for $aggregators aggregator replicas…"
  pg_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  "$pg_script" start "$pg_dir" "$postgres_port" "$pg_password"
  PGPASSWORD=$pg_password "$pg_bin/createdb" -h 127.0.0.1 -p "$postgres_port" -U postgres balkanhub
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$pg_dir" --daemonize yes >/dev/null
  echo "$redis_port" >"$run_dir/redis.port"
  store=(Database__Provider=Postgres ConnectionStrings__Redis="127.0.0.1:$redis_port"
    ConnectionStrings__Aggregator="Host=127.0.0.1;Port=$postgres_port;Database=balkanhub;Username=postgres;Password=$pg_password")
fi

urls=() names=()
for ((n = 1; n <= aggregators; n++)); do
  name=aggregator
  [ "$n" -eq 1 ] || name=aggregator-$n
  port=$((base_port + n - 1))
  replica=()
  [ "$aggregators" -eq 1 ] || replica=(Replica__Name="aggregator-$n")
  start_service "$name" BalkanHub.Aggregator "$port" \
    RabbitMq__Uri="$(amqp_for aggregator)" Signing__TrustedKeysPath="$run_dir/keys/trusted-keys.json" "${store[@]}" "${replica[@]}" "${clock[@]}"
  urls+=("$name=http://127.0.0.1:$port")
  names+=("$name")
  # The first replica brings the shared database's schema up to date before the others start on it.
  [ "$n" -ne 1 ] || [ "$aggregators" -eq 1 ] || wait_ready "$name" "http://127.0.0.1:$port"
done
for participant in "${participants[@]}"; do
  port=$((port + 1))
  lower=$(echo "$participant" | tr '[:upper:]' '[:lower:]')
  # The service reads its role (country or observer) from the route file: no setting tells them apart here.
  start_service "contact-point-$lower" BalkanHub.ContactPoint "$port" \
    RabbitMq__Uri="$(amqp_for "contact-point-$lower")" ContactPoint__Country="$participant" \
    ConnectionStrings__ContactPoint="Data Source=$run_dir/data/contact-point-$lower.db" \
    Signing__PrivateKeyPath="$run_dir/keys/$lower.pem" Signing__KeyId="$participant-$key_id_suffix" "${clock[@]}"
  urls+=("$participant=http://127.0.0.1:$port")
  names+=("contact-point-$lower")
done

say "waiting for ${#urls[@]} services to be ready…"
for ((n = 0; n < ${#urls[@]}; n++)); do
  wait_ready "${names[$n]}" "${urls[$n]#*=}"
done

{
  printf '{\n  "aggregator": "http://127.0.0.1:%s",\n  "aggregators": [' "$base_port"
  for ((n = 0; n < aggregators; n++)); do
    printf '%s"%s"' "$([ $n -gt 0 ] && echo ', ')" "${urls[$n]#*=}"
  done
  printf '],\n  "contactPoints": {\n'
  for ((i = aggregators; i < ${#urls[@]}; i++)); do
    sep=$([ $i -lt $((${#urls[@]} - 1)) ] && echo , || echo)
    printf '    "%s": "%s"%s\n' "${urls[$i]%%=*}" "${urls[$i]#*=}" "$sep"
  done
  printf '  },\n  "rabbitmq": { "amqp": "%s", "management": "%s" }\n}\n' "amqp://127.0.0.1:$amqp_port/" \
    "$([ "$management_port" != 0 ] && echo "http://127.0.0.1:$management_port" || echo)"
} >"$run_dir/network.json"

# A newcomer should see a living network, not empty tables: the scenario replays autumn 2015 through
# the public API, each country posting to its own contact point with its own token.
if [ "$simulate" = true ]; then
  cli="$root/src/BalkanHub.Cli/bin/$configuration/net10.0/balkanhub.dll"
  setsid dotnet "$cli" simulate --network "$run_dir/network.json" --key-file "$run_dir/development.key" \
    --scenario "$scenario_file" --seconds-per-day "$seconds_per_day" --clock-file "$clock_file" \
    >"$run_dir/logs/simulator.log" 2>&1 </dev/null &
  echo $! >"$run_dir/pids/simulator.pid"
fi

echo "BalkanHub is running (route: $route)"
for entry in "${urls[@]}"; do printf '  %-12s %s\n' "${entry%%=*}" "${entry#*=}"; done
[ "$management_port" != 0 ] && printf '  %-12s %s (guest/guest)\n' RabbitMQ "http://127.0.0.1:$management_port"
echo "  network.json $run_dir/network.json"
echo "  logs         $run_dir/logs"
if [ "$simulate" = true ]; then
  echo "Scenario: replaying 15 October to 31 December 2015 on its own clock, a day every $seconds_per_day s ($run_dir/logs/simulator.log); ./run.sh --quiet skips it"
fi
echo "Tokens: ./run.sh token GR officer, ./run.sh token EU commission; browsers sign in at /signin"

if [ "$detach" = true ]; then
  echo "Stop it with ./run.sh stop"
else
  echo "Press Ctrl-C to stop."
  while true; do sleep 1; done
fi
