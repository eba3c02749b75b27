# Sourced by scripts/test and scripts/bench: starts a throwaway PostgreSQL cluster on 127.0.0.1 with its
# data in /tmp, removes it on exit, and exports WATERLINE_TEST_PG. Needs log() and the postgresql package.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=$(mktemp -d -t waterline-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGDATA"; as_pg() { runuser -u postgres -- "$@"; }
else as_pg() { "$@"; }; fi
PGPORT=${WATERLINE_PG_PORT:-55432}
while (exec 3<>"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null; do PGPORT=$((PGPORT + 1)); done
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGDATA"; }
trap stop_pg EXIT
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
# fsync and friends off: a throwaway server, speed over durability. ${PG_EXTRA_OPTS} lets the bench add memory.
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${PG_EXTRA_OPTS:-}" >/dev/null
as_pg "$PGBIN/psql" -h "$PGDATA" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE waterline LOGIN PASSWORD 'waterline' CREATEDB" -c "GRANT pg_signal_backend TO waterline" \
  -c "CREATE DATABASE waterline OWNER waterline"
export WATERLINE_TEST_PG="Host=127.0.0.1;Port=$PGPORT;Username=waterline;Password=waterline;Database=waterline"
