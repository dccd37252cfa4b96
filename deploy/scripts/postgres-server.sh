#!/usr/bin/env bash
# A private PostgreSQL server from Debian's postgresql package, for ./run.sh (aggregator replicas),
# ./test.sh and the benchmark. It never touches the system's own cluster.
#
#   postgres-server.sh bin                      prints the folder of the server's programs (installs
#                                               postgresql from the OS packages when there is none)
#   postgres-server.sh start DIR PORT [PASSWORD]
#       initdb into DIR/data and start on 127.0.0.1:PORT, its socket and log (DIR/server.log) in DIR.
#       With PASSWORD the superuser postgres needs it (scram-sha-256); without, local connections are
#       trusted, which only a throwaway server for tests should do.
#   postgres-server.sh stop DIR
#
# BALKANHUB_POSTGRES_THROWAWAY=1 turns fsync off: faster, and the data does not survive a crash of the
# machine, which is all a test run needs.
set -euo pipefail

server_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ]; then
    echo "Installing postgresql from the OS packages…" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$bin"
}

# PostgreSQL refuses to run as root: as root, the server runs as the packages' postgres user.
as_server_user() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  bin)
    server_bin
    ;;
  start)
    dir=$2 port=$3 password=${4:-}
    bin=$(server_bin)
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
    if [ -n "$password" ]; then
      (umask 077; printf '%s\n' "$password" >"$dir/password")
      [ "$(id -u)" -ne 0 ] || chown postgres "$dir/password"
      as_server_user "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/password" -A scram-sha-256 -E UTF8 --no-locale >/dev/null
      rm -f "$dir/password"
    else
      as_server_user "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
    fi
    options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300"
    [ "${BALKANHUB_POSTGRES_THROWAWAY:-0}" != 1 ] || options="$options -c fsync=off -c full_page_writes=off"
    as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$options" start >/dev/null
    ;;
  stop)
    dir=$2
    [ -d "$dir/data" ] || exit 0
    as_server_user "$(server_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *)
    sed -n '2,15p' "$0" >&2
    exit 2
    ;;
esac
