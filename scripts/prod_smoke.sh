#!/usr/bin/env bash
# The production install is what CI tests: a virtual environment built from requirements.txt ALONE (as the
# Dockerfile installs it), then gunicorn and a Celery worker started from it with DEBUG off against PostgreSQL
# and Redis. Fails unless /healthz says ok (database and broker) and the worker answers a ping.
#
#   scripts/prod_smoke.sh    (run by .ci/run; needs PostgreSQL and Redis on 127.0.0.1)
#
# PROD_SMOKE_DB (default prod_smoke) is dropped and recreated; PROD_SMOKE_REDIS_URL defaults to REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=var/prod-venv
STAMP="$VENV/.requirements-$(cksum < requirements.txt | cut -d' ' -f1)"
DB=${PROD_SMOKE_DB:-prod_smoke}
PGURL=postgres://postgres@127.0.0.1:5432
REDIS=${PROD_SMOKE_REDIS_URL:-${REDIS_URL:-redis://127.0.0.1:6379/0}}
WORK=$(mktemp -d)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "prod-smoke: FAILED: $*" >&2
  for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "---- $log"; tail -n 40 "$log"; } >&2; done
  exit 1
}

start=$(date +%s)
if [ ! -f "$STAMP" ]; then
  echo "== prod-smoke: building $VENV from requirements.txt alone"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip > "$WORK/pip.log" 2>&1 || fail "pip upgrade"
  "$VENV/bin/python" -m pip install -q -r requirements.txt > "$WORK/pip.log" 2>&1 || fail "pip install -r requirements.txt"
  touch "$STAMP"
fi
"$VENV/bin/python" -m pip check

psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

port=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DEBUG=false SECRET_KEY="prod-smoke-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DATABASE_URL="$PGURL/$DB" REDIS_URL="$REDIS" ALLOWED_HOSTS=127.0.0.1 STATIC_ROOT="$WORK/static"
export VAR_DIR="$WORK/var" MEDIA_ROOT="$WORK/var/media"
unset PORTAL_TESTING

"$VENV/bin/python" manage.py migrate --noinput > "$WORK/migrate.log" 2>&1 || fail "migrate"
"$VENV/bin/python" manage.py collectstatic --noinput > "$WORK/collectstatic.log" 2>&1 || fail "collectstatic"

queue="prod-smoke-$$"
node="prodsmoke-$$@%h"
"$VENV/bin/celery" -A portal worker --pool=solo -Q "$queue" -n "$node" --loglevel=INFO \
  --without-gossip --without-mingle > "$WORK/worker.log" 2>&1 &
pids+=($!)
"$VENV/bin/gunicorn" portal.wsgi:application --bind "127.0.0.1:$port" --workers 1 \
  > "$WORK/gunicorn.log" 2>&1 &
pids+=($!)

"$VENV/bin/python" - "$port" <<'PY' || fail "/healthz"
import json, sys, time, urllib.request

body = None
for _ in range(60):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=5) as r:
            body = json.load(r)
        break
    except OSError:
        time.sleep(1)
print("prod-smoke: /healthz", body)
sys.exit(0 if body and body["status"] == "ok" and body["database"]["status"] == "ok"
         and body["broker"]["status"] == "ok" else 1)
PY

pinged=""
for _ in $(seq 1 30); do
  if "$VENV/bin/celery" -A portal inspect ping -d "prodsmoke-$$@$(hostname)" --timeout 3 > "$WORK/ping.log" 2>&1; then
    pinged=yes
    break
  fi
  kill -0 "${pids[0]}" 2>/dev/null || fail "the worker exited"
done
[ -n "$pinged" ] || fail "the worker did not answer a ping"
cat "$WORK/ping.log"
echo "prod-smoke: ok in $(( $(date +%s) - start )) s (gunicorn and a Celery worker from requirements.txt alone)"
