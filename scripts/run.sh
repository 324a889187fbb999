#!/usr/bin/env bash
# Runs the portal at http://127.0.0.1:8000 with demo data, a Celery worker and beat.
# Defaults: SQLite and kombu's filesystem broker under var/ (no server needed).
# DATABASE_URL / CELERY_BROKER_URL switch to PostgreSQL / Redis. PORT changes the port.
# Ctrl+C (or TERM) stops the web server and the worker; nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_ENV=${DJANGO_ENV:-development}
PORT=${PORT:-8000}
# Links in mails point at the port the portal really listens on.
export PORT SITE_URL=${SITE_URL:-http://127.0.0.1:${PORT}}
# kombu's filesystem transport needs its folders before the worker starts.
mkdir -p var/broker/queue var/broker/processed var/broker/control var/mail var/private var/media var/static
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py demo_data

celery_pid="" web_pid=""
cleanup() {
  trap - EXIT INT TERM
  echo "Stoppen: webserver en Celery-worker afsluiten..."
  if [ -n "$web_pid" ]; then
    # runserver's autoreloader runs the server in a child process: stop that one too.
    pkill -TERM -P "$web_pid" 2>/dev/null || true
    kill -TERM "$web_pid" 2>/dev/null || true
  fi
  # TERM = warm shutdown: the worker finishes its current task, then stops its pool and beat.
  [ -n "$celery_pid" ] && kill -TERM "$celery_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
# Ctrl+C is how a newcomer stops `make run`: a clean stop (exit 0), so make prints no error.
trap 'exit 0' INT
trap 'exit 143' TERM

# One worker consumes every queue here (settings.CELERY_QUEUES_ALL); docker-compose and
# Kubernetes run one worker per queue group instead.
.venv/bin/celery -A loket worker --beat --loglevel=INFO --concurrency=2 \
  -Q celery,mail,pdf,sources,payouts --schedule=var/celerybeat-schedule &
celery_pid=$!
$PY manage.py runserver "127.0.0.1:${PORT}" &
web_pid=$!
echo "Portaal: http://127.0.0.1:${PORT}  (demo-wachtwoord: demo-wachtwoord-2026; mails: var/mail/ en de outbox; Ctrl+C stopt alles)"
# Whichever stops first (e.g. the port is taken), stop the other one too.
set +e
wait -n "$celery_pid" "$web_pid"
rc=$?
set -e
exit "$rc"
