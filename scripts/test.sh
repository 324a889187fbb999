#!/usr/bin/env bash
# Runs the whole test suite. Uses the PostgreSQL and Redis on 127.0.0.1 when they answer
# (TEST_DATABASE_URL / TEST_REDIS_URL override). Without them, tests that need them are
# skipped with a reason -- except in CI (CI=true), where a missing service or browser fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_ENV=test
mkdir -p var/static  # WhiteNoise warns about a missing STATIC_ROOT
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if .venv/bin/python -c "import psycopg,sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$PG_URL" 2>/dev/null; then
  export DATABASE_URL=$PG_URL
  echo "tests: PostgreSQL at ${PG_URL}"
else
  unset DATABASE_URL
  [ "${CI:-}" = "true" ] && { echo "tests: PostgreSQL not reachable at $PG_URL (required in CI)" >&2; exit 1; }
  echo "tests: PostgreSQL not reachable: using SQLite; PostgreSQL-only tests will be skipped"
fi
export TEST_DATABASE_NAME=${TEST_DATABASE_NAME:-test_imw_loket}
export LOKET_TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
set +e
.venv/bin/pytest -n "${PYTEST_WORKERS:-2}" "$@"
rc=$?
set -e
exit $rc
