#!/usr/bin/env bash
# The scaled profile on this machine, without Docker:
#   nginx (:HW_PUBLIC_PORT) -> rasa-1, rasa-2 -> actions;  rasa-* -> PostgreSQL + Redis
#
#   bash deploy/scaled.sh start     install what is missing, initialise, start, health-check
#   bash deploy/scaled.sh stop      stop everything (data stays in $HW_SCALED_DIR)
#   bash deploy/scaled.sh status    health of each part
#   bash deploy/scaled.sh install   only the Debian packages (postgresql redis-server nginx)
#   bash deploy/scaled.sh start-one NAME / stop-one NAME   (NAME: rasa-1, rasa-2, actions, ...)
#   bash deploy/scaled.sh render-nginx  only write the nginx configuration to $HW_SCALED_DIR/nginx
#   bash deploy/scaled.sh purge     delete conversations older than the retention period (daily:
#                                   deploy/systemd/hechtwijzer-scaled-purge.timer)
#
# Names and numbers: deploy/scaled.env. PostgreSQL and Redis are private instances with
# their data under $HW_SCALED_DIR (var/scaled), not the system services. Exit code 3 means
# the Debian packages could not be installed.
set -euo pipefail
# Everything this script creates (data, secrets, logs) is readable by its owner only.
umask 077
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=deploy/scaled.env
source deploy/scaled.env

PY="${HW_PY:-$ROOT/.venv/bin/python}"
BIN="$(dirname "$PY")"
MODEL="${HW_MODEL:-$ROOT/models/hechtwijzer.tar.gz}"
case "$HW_SCALED_DIR" in /*) DIR="$HW_SCALED_DIR" ;; *) DIR="$ROOT/$HW_SCALED_DIR" ;; esac
LOG="$DIR/log"
RUN="$DIR/run"
RASA_NAMES=()
for ((i = 1; i <= HW_RASA_SERVERS; i++)); do RASA_NAMES+=("rasa-$i"); done

say() { echo "[scaled] $*"; }
die() { echo "[scaled] ERROR: $*" >&2; exit "${2:-1}"; }
rasa_port() { echo $((HW_RASA_PORT_BASE + ${1#rasa-} - 1)); }

# ------------------------------------------------------------------ install
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

install_packages() {
  local missing=()
  [ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/initdb" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]} (apt-get update first)"
  export DEBIAN_FRONTEND=noninteractive
  {
    apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"
  } > "$LOG/apt.log" 2>&1 || { tail -20 "$LOG/apt.log" >&2; die "apt-get could not install ${missing[*]}" 3; }
}

# ------------------------------------------------------------------ secrets
load_secrets() {
  local file="$DIR/secrets.env"
  if [ ! -f "$file" ]; then
    {
      echo "HW_PG_PASSWORD_DEFAULT=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
      echo "HW_REDIS_PASSWORD_DEFAULT=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    } > "$file"
  fi
  # shellcheck disable=SC1090
  source "$file"
  : "${HW_PG_PASSWORD:=$HW_PG_PASSWORD_DEFAULT}"
  : "${HW_REDIS_PASSWORD:=$HW_REDIS_PASSWORD_DEFAULT}"
}

# The checks each Rasa server makes (placeholder passwords, CORS origins), before anything starts.
check_settings() {
  HECHTWIJZER_PG_PASSWORD="$HW_PG_PASSWORD" HECHTWIJZER_REDIS_PASSWORD="$HW_REDIS_PASSWORD" \
    HECHTWIJZER_CORS_ORIGINS="$HECHTWIJZER_CORS_ORIGINS" sh deploy/rasa-start.sh check \
    || die "settings refused (reason above)" 78
}

# ------------------------------------------------------------------ PostgreSQL
# The cluster lives in $DIR/pg, owned by the postgres user (PostgreSQL refuses to run as
# root). When that user cannot reach $DIR (e.g. a checkout under /root), the cluster goes to
# /var/lib/hechtwijzer-scaled/<hash> and $DIR/pg points there.
# The cluster, with a symlink resolved: when postgres cannot pass through $DIR's parents the
# cluster lives under /var/lib/hechtwijzer-scaled and postgres must be given that real path.
pg_data() { if [ -L "$DIR/pg" ]; then readlink -f "$DIR/pg"; else echo "$DIR/pg"; fi; }
as_pg() { runuser -u postgres -- "$@"; }
psql_hw() { PGPASSWORD="$HW_PG_PASSWORD" "$(pg_bindir)/psql" -h 127.0.0.1 -p "$HW_PG_PORT" -U "$HW_PG_USER" -v ON_ERROR_STOP=1 -qAt "$@"; }

init_postgres() {
  local data; data="$(pg_data)"
  [ -f "$data/PG_VERSION" ] && return 0
  if [ ! -e "$data" ]; then
    mkdir -p "$data"
    chown postgres: "$data"; chmod 700 "$data"
    if ! as_pg test -w "$data"; then
      rmdir "$data"
      local elsewhere; elsewhere="/var/lib/hechtwijzer-scaled/$(echo "$DIR" | sha256sum | cut -c1-12)"
      mkdir -p "$elsewhere/pg"; chown postgres: "$elsewhere/pg"; chmod 700 "$elsewhere/pg"
      chmod 711 /var/lib/hechtwijzer-scaled "$elsewhere"  # postgres passes through, nobody lists
      ln -s "$elsewhere/pg" "$data"; data="$elsewhere/pg"
      say "postgres cannot reach $DIR; its cluster is in $elsewhere/pg"
    fi
  fi
  say "initialising a private PostgreSQL cluster in $data"
  local pwfile; pwfile="$(mktemp)"; chown postgres: "$pwfile"; chmod 600 "$pwfile"
  echo "$HW_PG_PASSWORD" > "$pwfile"
  as_pg "$(pg_bindir)/initdb" -D "$data/" -U "$HW_PG_USER" --pwfile="$pwfile" -E UTF8 \
    --auth-local=peer --auth-host=scram-sha-256 > "$LOG/initdb.log" 2>&1 || { rm -f "$pwfile"; cat "$LOG/initdb.log"; die "initdb failed"; }
  rm -f "$pwfile"
  cat >> "$data/postgresql.conf" <<CONF
# Hechtwijzer scaled profile
listen_addresses = '127.0.0.1'
port = $HW_PG_PORT
unix_socket_directories = ''
max_connections = 60
log_destination = 'stderr'
log_statement = 'none'
log_min_error_statement = 'panic'
CONF
}

start_postgres() {
  local data; data="$(pg_data)"
  if as_pg "$(pg_bindir)/pg_ctl" -D "$data/" status >/dev/null 2>&1; then return 0; fi
  # The server writes to the log through this script's file handle (no -l): the log stays
  # private to this user and postgres needs no access to $LOG.
  as_pg "$(pg_bindir)/pg_ctl" -D "$data/" -w -t 60 start >> "$LOG/postgres.log" 2>&1 < /dev/null \
    || { tail -20 "$LOG/postgres.log"; die "PostgreSQL did not start"; }
  if [ "$(psql_hw -d postgres -c "SELECT 1 FROM pg_database WHERE datname='$HW_PG_DB'")" != 1 ]; then
    psql_hw -d postgres -c "CREATE DATABASE \"$HW_PG_DB\""
  fi
  say "PostgreSQL is up on 127.0.0.1:$HW_PG_PORT (database $HW_PG_DB)"
}

stop_postgres() {
  local data; data="$(pg_data)"
  [ -f "$data/PG_VERSION" ] || return 0
  as_pg "$(pg_bindir)/pg_ctl" -D "$data/" status >/dev/null 2>&1 || return 0
  as_pg "$(pg_bindir)/pg_ctl" -D "$data/" -m fast -w stop >/dev/null && say "PostgreSQL stopped"
}

# ------------------------------------------------------------------ Redis (lock store only)
start_redis() {
  if redis_ok; then return 0; fi
  mkdir -p "$DIR/redis"
  # Locks need no persistence: no RDB snapshots, no AOF.
  redis-server --bind 127.0.0.1 --port "$HW_REDIS_PORT" --dir "$DIR/redis" --daemonize yes \
    --pidfile "$RUN/redis.pid" --logfile "$LOG/redis.log" --save "" --appendonly no \
    --requirepass "$HW_REDIS_PASSWORD" >> "$LOG/redis.log" 2>&1
  wait_for "Redis" 20 redis_ok
  say "Redis is up on 127.0.0.1:$HW_REDIS_PORT"
}
redis_ok() { REDISCLI_AUTH="$HW_REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$HW_REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

# ------------------------------------------------------------------ Python servers
pg_env() {  # what deploy/endpoints-scaled.yml needs to find the tracker store
  export HECHTWIJZER_PG_HOST=127.0.0.1 HECHTWIJZER_PG_PORT="$HW_PG_PORT" HECHTWIJZER_PG_DB="$HW_PG_DB"
  export HECHTWIJZER_PG_USER="$HW_PG_USER" HECHTWIJZER_PG_PASSWORD="$HW_PG_PASSWORD"
}

server_env() {
  eval "$("$PY" -m bot.run_env)"  # telemetry off, PYTHONPATH (bot/run_env.py)
  export HECHTWIJZER_ACTIONS_URL="http://127.0.0.1:$HW_ACTIONS_PORT/webhook"
  pg_env
  export HECHTWIJZER_REDIS_HOST=127.0.0.1 HECHTWIJZER_REDIS_PORT="$HW_REDIS_PORT"
  export HECHTWIJZER_REDIS_PASSWORD="$HW_REDIS_PASSWORD"
  export TICKET_LOCK_LIFETIME="$HW_LOCK_LIFETIME"
  export HECHTWIJZER_CORS_ORIGINS
}

spawn() {  # spawn NAME CMD... : own session, log in $LOG/NAME.log, pid in $RUN/NAME.pid
  local name="$1"; shift
  if alive "$name"; then return 0; fi
  setsid "$@" >> "$LOG/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
}

# A process that exists and is not a zombie (a killed server may wait a moment to be reaped).
pid_alive() { [[ "$1" =~ ^[0-9]+$ ]] && [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" != Z ]; }
alive() { [ -f "$RUN/$1.pid" ] && pid_alive "$(cat "$RUN/$1.pid")"; }

start_actions() {
  # No authentication on the action server: only the Rasa servers on this machine may reach it
  # (rasa_sdk listens on all interfaces unless SANIC_HOST says otherwise).
  # keep-alive longer than Rasa's client pool (15 s), as bot/launcher.py does
  spawn actions env SANIC_HOST=127.0.0.1 SANIC_KEEP_ALIVE_TIMEOUT=75 "$BIN/python" -m rasa_sdk --actions actions --port "$HW_ACTIONS_PORT"
}

start_rasa() {  # start_rasa rasa-N
  [ -f "$MODEL" ] || die "no trained model at $MODEL (make train)"
  # No --enable-api: the HTTP API (/conversations, /model ...) does not exist on these servers.
  # rasa-start.sh checks the settings first, as in the containers.
  spawn "$1" env RASA_BIN="$BIN/rasa" sh deploy/rasa-start.sh run --model "$MODEL" --endpoints deploy/endpoints-scaled.yml \
    --credentials credentials.yml --interface 127.0.0.1 --port "$(rasa_port "$1")"
}

http_ok() { "$PY" - "$@" <<'PYCODE'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
PYCODE
}
actions_ok() { http_ok "http://127.0.0.1:$HW_ACTIONS_PORT/health"; }
rasa_ok() { http_ok "http://127.0.0.1:$(rasa_port "$1")/webhooks/rest/"; }
nginx_ok() { http_ok "http://127.0.0.1:$HW_PUBLIC_PORT/hechtwijzer.js"; }
pg_ok() { [ "$(psql_hw -d "$HW_PG_DB" -c "SELECT 1" 2>/dev/null)" = 1 ]; }
events_table_ok() { [ "$(psql_hw -d "$HW_PG_DB" -c "SELECT to_regclass('public.events') IS NOT NULL" 2>/dev/null)" = t ]; }

wait_for() {  # wait_for LABEL SECONDS CHECK [ARGS] [-- NAME-of-process-that-must-stay-alive]
  local label="$1" timeout="$2"; shift 2
  local name="${WATCH:-}" deadline=$((SECONDS + timeout))
  until "$@"; do
    if [ -n "$name" ] && ! alive "$name"; then tail -30 "$LOG/$name.log" >&2; die "$label stopped while starting (log: $LOG/$name.log)"; fi
    [ $SECONDS -lt $deadline ] || { [ -n "$name" ] && tail -30 "$LOG/$name.log" >&2; die "$label did not become healthy within ${timeout}s"; }
    sleep 0.5
  done
}

# ------------------------------------------------------------------ nginx
render_nginx() {
  mkdir -p "$DIR/nginx/tmp"
  export HW_RASA_1="127.0.0.1:$(rasa_port rasa-1)" HW_RASA_2="127.0.0.1:$(rasa_port rasa-2)"
  export HW_WEB_ROOT="$ROOT/bot/web" HW_ACCESS_LOG="$LOG/nginx-access.log"
  export HW_PUBLIC_PORT HW_RATE_LIMIT HW_RATE_BURST HW_MAX_BODY HECHTWIJZER_CORS_ORIGINS
  "$PY" - deploy/nginx/hechtwijzer.conf.template "$DIR/nginx/hechtwijzer.conf" <<'PYCODE'
import os, re, sys
text = open(sys.argv[1]).read()
def fill(m):
    if m.group(1) not in os.environ:
        sys.exit(f"nginx template: {m.group(1)} is not set")
    return os.environ[m.group(1)]
open(sys.argv[2], "w").write(re.sub(r"\$\{((?:HW|HECHTWIJZER)_[A-Z0-9_]+)\}", fill, text))
PYCODE
  cat > "$DIR/nginx/nginx.conf" <<CONF
# Generated by deploy/scaled.sh: a private nginx for the scaled profile.
worker_processes 1;
pid $RUN/nginx.pid;
error_log $LOG/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    # The workers (another user) cannot enter $DIR: bodies stay in memory (client_body_buffer_size
    # is the body limit) and replies are never buffered to disk.
    proxy_max_temp_file_size 0;
    client_body_temp_path $DIR/nginx/tmp/body;
    proxy_temp_path $DIR/nginx/tmp/proxy;
    fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
    uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
    scgi_temp_path $DIR/nginx/tmp/scgi;
    include $DIR/nginx/hechtwijzer.conf;
}
CONF
}

nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

start_nginx() {
  render_nginx
  "$(nginx_bin)" -t -q -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" 2>>"$LOG/nginx-error.log" \
    || { tail -5 "$LOG/nginx-error.log"; die "nginx configuration is invalid"; }
  if alive nginx; then
    "$(nginx_bin)" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -s reload >> "$LOG/nginx-error.log" 2>&1
    sleep 0.5  # the new workers take over
  else
    "$(nginx_bin)" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" >> "$LOG/nginx-error.log" 2>&1 < /dev/null
  fi
  wait_for nginx 20 nginx_ok
  say "nginx is up: http://127.0.0.1:$HW_PUBLIC_PORT/hechtwijzer.js (the chat frame: /chat.html) and /webhooks/rest/{webhook,feedback,association}" \
    "(sites allowed to embed it: ${HECHTWIJZER_CORS_ORIGINS:-none; set HECHTWIJZER_CORS_ORIGINS})"
}

stop_pidfile() {  # stop_pidfile NAME: SIGTERM, wait up to 20 s, then SIGKILL
  local name="$1" file="$RUN/$1.pid" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if pid_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do pid_alive "$pid" || break; sleep 0.5; done
    pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    say "$name stopped"
  fi
  rm -f "$file"
}

# ------------------------------------------------------------------ commands
prepare() {
  mkdir -p "$DIR" "$LOG" "$RUN"
  # Others may pass through $DIR (postgres to its cluster in $DIR/pg) but not list or read it.
  chmod 711 "$DIR"
  chmod 700 "$LOG" "$RUN"
  find "$LOG" "$DIR/secrets.env" -maxdepth 1 -type f -exec chmod 600 {} + 2>/dev/null || true
  install_packages
  load_secrets
  check_settings
}

start_one() {
  case "$1" in
    postgres) init_postgres; start_postgres ;;
    redis) start_redis ;;
    actions) server_env; start_actions; WATCH=actions wait_for "action server" 120 actions_ok; say "action server is up on :$HW_ACTIONS_PORT" ;;
    rasa-*) server_env; start_rasa "$1"; WATCH="$1" wait_for "$1" 300 rasa_ok "$1"; say "$1 is up on :$(rasa_port "$1")" ;;
    nginx) start_nginx ;;
    *) die "unknown part $1" ;;
  esac
}

stop_one() {
  case "$1" in
    postgres) stop_postgres ;;
    redis) if redis_ok; then REDISCLI_AUTH="$HW_REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$HW_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; say "Redis stopped"; fi; rm -f "$RUN/redis.pid" ;;
    nginx) if [ -f "$RUN/nginx.pid" ]; then "$(nginx_bin)" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -s quit 2>/dev/null || true; sleep 0.5; stop_pidfile nginx; fi ;;
    *) stop_pidfile "$1" ;;
  esac
}

cmd_start() {
  local started=$SECONDS
  prepare
  [ -f "$MODEL" ] || die "no trained model at $MODEL (make train)"
  init_postgres
  start_postgres
  start_redis
  server_env
  start_actions
  # rasa-1 creates the tracker table; the others start once it exists (no race on CREATE TABLE).
  start_rasa rasa-1
  WATCH=rasa-1 wait_for "rasa-1 (tracker table)" 300 events_table_ok
  for name in "${RASA_NAMES[@]:1}"; do start_rasa "$name"; done
  WATCH=actions wait_for "action server" 120 actions_ok
  say "action server is up on :$HW_ACTIONS_PORT"
  for name in "${RASA_NAMES[@]}"; do
    WATCH="$name" wait_for "$name" 300 rasa_ok "$name"
    say "$name is up on :$(rasa_port "$name")"
  done
  start_nginx
  say "scaled profile ready in $((SECONDS - started))s; stop it with: make stop-scaled"
}

cmd_stop() {
  [ -d "$DIR" ] || { say "nothing to stop"; return 0; }
  load_secrets
  stop_one nginx
  for name in "${RASA_NAMES[@]}"; do stop_one "$name"; done
  stop_one actions
  stop_one redis
  stop_one postgres
}

cmd_status() {
  load_secrets
  local rc=0
  check() { if "$@"; then echo "  ok    $label"; else echo "  DOWN  $label"; rc=1; fi; }
  label="postgres :$HW_PG_PORT" check pg_ok
  label="redis :$HW_REDIS_PORT" check redis_ok
  label="actions :$HW_ACTIONS_PORT" check actions_ok
  for name in "${RASA_NAMES[@]}"; do label="$name :$(rasa_port "$name")" check rasa_ok "$name"; done
  label="nginx :$HW_PUBLIC_PORT" check nginx_ok
  return $rc
}

case "${1:-}" in
  install) mkdir -p "$LOG"; install_packages ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  start-one) prepare; start_one "$2" ;;
  stop-one) load_secrets; stop_one "$2" ;;
  render-nginx) mkdir -p "$DIR" "$LOG" "$RUN"; render_nginx ;;
  purge) load_secrets; pg_env; PYTHONPATH="$ROOT" "$PY" -m bot.tools.purge --endpoints deploy/endpoints-scaled.yml ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
