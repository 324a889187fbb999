#!/usr/bin/env bash
# Creates .venv and installs the pinned dependencies; does nothing when they are already there.
# pip's output goes to var/bootstrap.log and is shown only when the install fails.
# Writes .env (git-ignored) marking this checkout as development, once: settings.py reads it, so
# the README's management commands work as written. Without that file the portal is production.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
mkdir -p var
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "Installeren in .venv (log: var/bootstrap.log)..."
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  log=var/bootstrap.log
  if ! { .venv/bin/pip install --quiet --disable-pip-version-check --upgrade pip \
      && .venv/bin/pip install --quiet --disable-pip-version-check -e '.[dev]'; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "bootstrap: installing the dependencies failed (see above, or $log)" >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
if [ ! -f .env ]; then
  cat >.env <<'ENV'
# Written by scripts/bootstrap.sh: this checkout is for development (DEBUG, files for mail, no
# secret key needed). Variables in the environment win over this file. Delete it on a server.
DJANGO_ENV=development
ENV
  echo "bootstrap: .env geschreven (DJANGO_ENV=development)"
fi
