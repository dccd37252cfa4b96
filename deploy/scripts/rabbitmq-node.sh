#!/usr/bin/env bash
# A private RabbitMQ node from Debian's rabbitmq-server package, for ./run.sh, ./test.sh and the tests
# that restart a broker. It never touches the system's own node.
#
#   rabbitmq-node.sh install
#   rabbitmq-node.sh start NODE AMQP_PORT DATA_DIR [MANAGEMENT_PORT]
#   rabbitmq-node.sh stop NODE
#   rabbitmq-node.sh load-definitions NODE DEFINITIONS_FILE CREDENTIALS_FILE
#       imports the users, permissions and topology, gives every user of the file a fresh random
#       password, and writes "user password" lines to CREDENTIALS_FILE (readable by its owner only)
#
# NODE is an Erlang node name such as balkanhub@localhost. The Erlang distribution port is
# BALKANHUB_DIST_PORT when set, else AMQP_PORT + 20000 (or - 20000 when that would pass 65535).
# BALKANHUB_TLS_PORT (with BALKANHUB_TLS_CA, _CERT and _KEY) adds an AMQPS listener.
set -euo pipefail

install_server() {
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    echo "Installing rabbitmq-server from the OS packages…" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
  fi
}

case "${1:-}" in
  install)
    install_server
    ;;
  start)
    node=$2 port=$3 dir=$4 management=${5:-0}
    dist_port=${BALKANHUB_DIST_PORT:-$((port + 20000 > 65535 ? port - 20000 : port + 20000))}
    install_server
    mkdir -p "$dir"
    cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = $port
loopback_users.guest = true
CONF
    # TLS listener (AMQPS) when BALKANHUB_TLS_PORT is set, with BALKANHUB_TLS_CA, BALKANHUB_TLS_CERT and
    # BALKANHUB_TLS_KEY naming PEM files. They are copied next to the data, which the rabbitmq user owns.
    if [ -n "${BALKANHUB_TLS_PORT:-}" ]; then
      mkdir -p "$dir/tls"
      cp "$BALKANHUB_TLS_CA" "$dir/tls/ca.pem"
      cp "$BALKANHUB_TLS_CERT" "$dir/tls/cert.pem"
      cp "$BALKANHUB_TLS_KEY" "$dir/tls/key.pem"
      chmod 600 "$dir/tls/key.pem"
      cat >>"$dir/rabbitmq.conf" <<CONF
listeners.ssl.default = $BALKANHUB_TLS_PORT
ssl_options.cacertfile = $dir/tls/ca.pem
ssl_options.certfile = $dir/tls/cert.pem
ssl_options.keyfile = $dir/tls/key.pem
ssl_options.versions.1 = tlsv1.3
ssl_options.versions.2 = tlsv1.2
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
CONF
    fi
    if [ "$management" != 0 ]; then
      printf 'management.tcp.port = %s\nmanagement.tcp.ip = 127.0.0.1\n' "$management" >>"$dir/rabbitmq.conf"
      echo '[rabbitmq_management].' >"$dir/enabled_plugins"
    else
      echo '[].' >"$dir/enabled_plugins"
    fi
    # The server script drops to the rabbitmq user when started as root, so that user must own the data.
    if [ "$(id -u)" = 0 ]; then chown -R rabbitmq:rabbitmq "$dir"; fi
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_NODENAME="$node" \
    RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT="$dist_port" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    ERL_CRASH_DUMP="$dir/erl_crash.dump" \
      setsid rabbitmq-server >"$dir/server.log" 2>&1 </dev/null &
    # await_startup fails at once until the node has registered with epmd, so ask again until it answers.
    for _ in $(seq 1 90); do
      if rabbitmqctl -q -n "$node" await_startup --timeout 90 >/dev/null 2>&1; then exit 0; fi
      sleep 1
    done
    echo "RabbitMQ node $node did not start; see $dir/server.log and $dir/log" >&2
    tail -n 30 "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    rabbitmqctl -q -n "$2" stop >/dev/null 2>&1 || true
    ;;
  load-definitions)
    node=$2 definitions=$3 credentials=$4
    # Through a copy in the temp folder: rabbitmqctl runs as the rabbitmq user, which may not be able to
    # read the clone (under /root, say), and 3.10 cannot read definitions from standard input.
    copy=$(mktemp "${TMPDIR:-/tmp}/balkanhub-definitions.XXXXXX.json")
    cp "$definitions" "$copy"
    chmod 644 "$copy"
    rabbitmqctl -q -n "$node" import_definitions "$copy" >/dev/null
    rm -f "$copy"
    # The file carries no passwords: each network gets its own, set in one call.
    calls=""
    : >"$credentials"
    chmod 600 "$credentials"
    for user in $(grep -o '"user": *"[^"]*"' "$definitions" | sed 's/.*"\([^"]*\)"$/\1/' | sort -u); do
      password=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
      echo "$user $password" >>"$credentials"
      calls="$calls ok = rabbit_auth_backend_internal:change_password(<<\"$user\">>, <<\"$password\">>, <<\"balkanhub\">>),"
    done
    rabbitmqctl -q -n "$node" eval "${calls%,}." >/dev/null
    ;;
  *)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
