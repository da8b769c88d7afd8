#!/usr/bin/env bash
# One entry point for a fresh machine: `./dev.sh chat` tries the product, `./dev.sh test` runs every check.
set -euo pipefail
cd "$(dirname "$0")"

PY=${PYTHON:-python3}
VENV=${LEADSCRIBE_VENV:-.venv}

setup() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  # reinstall only when the dependency list changed
  local stamp="$VENV/.leadscribe-installed"
  local want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[dev]"
    echo "$want" > "$stamp"
  fi
}

ensure_postgres() {
  # CI machines run PostgreSQL on 127.0.0.1:5432; start it when it is installed but stopped
  if command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    if command -v pg_ctlcluster >/dev/null; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start 2>/dev/null || true
      sleep 2
    fi
  fi
}

case "${1:-chat}" in
  chat)
    shift || true
    setup
    exec "$VENV/bin/leadscribe" chat "$@"
    ;;
  test)
    shift || true
    setup
    ensure_postgres
    "$VENV/bin/ruff" check src tests bench train
    "$VENV/bin/ruff" format --check src tests bench train
    exec "$VENV/bin/python" -m pytest -q "$@"
    ;;
  *)
    echo "usage: ./dev.sh chat|test" >&2
    exit 2
    ;;
esac
