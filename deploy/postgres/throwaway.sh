#!/bin/sh
# Start a throwaway PostgreSQL server for the tests: Debian's postgresql (installed when missing and run as root),
# a cluster initialised in a temporary folder, run by an unprivileged user, on a free port of 127.0.0.1 only.
# Writes its URL to $1/url (default .pg/url); `make test` reads it.  Stop it with:
#   pg_ctl -D "$(cat .pg/data)" stop      (as the user that started it)
set -eu
state=${1:-.pg}
mkdir -p "$state"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    else
        echo "The store tests need PostgreSQL: run 'sudo apt-get install postgresql' (or set IOPKIT_TEST_POSTGRES" \
             "to a server's URL), then 'make test' again." >&2
        exit 1
    fi
fi
data=$(mktemp -d "${TMPDIR:-/tmp}/iopkit-pg.XXXXXX")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run=""
if [ "$(id -u)" = 0 ]; then  # PostgreSQL refuses to run as root: the package's own unprivileged user runs it
    chown postgres "$data"
    run="runuser -u postgres --"
fi
$run "$bindir/initdb" -D "$data/db" -A trust -U postgres --no-sync >"$data/initdb.log" 2>&1 \
    || { cat "$data/initdb.log" >&2; exit 1; }
$run "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null \
    || { cat "$data/server.log" >&2; exit 1; }
echo "$data/db" > "$state/data"
echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$state/url"
echo "throwaway PostgreSQL for the tests: $(cat "$state/url") (data in $data/db)"
