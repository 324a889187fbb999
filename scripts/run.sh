#!/usr/bin/env bash
# Runs the portal at http://127.0.0.1:8000 with demo data, a Celery worker and beat.
# Defaults: SQLite and kombu's filesystem broker under var/ (no server needed).
# DATABASE_URL / CELERY_BROKER_URL switch to PostgreSQL / Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_ENV=${DJANGO_ENV:-development}
mkdir -p var/broker/queue var/broker/processed var/mail var/private
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py demo_data
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
.venv/bin/celery -A loket worker --beat --loglevel=INFO --concurrency=2 \
  --schedule=var/celerybeat-schedule &
pids+=($!)
echo "Portaal: http://127.0.0.1:${PORT:-8000}  (mails: var/mail/, Ctrl+C stopt alles)"
$PY manage.py runserver "127.0.0.1:${PORT:-8000}" &
pids+=($!)
wait -n "${pids[@]}"
