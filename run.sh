#!/usr/bin/env bash
# Nämndsök in two commands (see README):
#   bash run.sh        install on first run, ingest corpus/ into ./data, start API (:8000) and UI (:8501)
#   bash run.sh test   install on first run (with test extras), then run the test suite
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
VENV=${NAMNDSOK_VENV:-.venv}

install() {
  local extras=$1
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip
  if [ -n "$extras" ]; then
    # The CPU build of torch for sentence-transformers; any other spec pulls gigabytes of CUDA.
    "$VENV/bin/python" -m pip install -q torch==2.13.0
    "$VENV/bin/python" -m pip install -q -e ".[$extras]"
  else
    "$VENV/bin/python" -m pip install -q -e .
  fi
}

case "${1:-up}" in
  test)
    install "st,dev"
    shift || true
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  up)
    install ""
    exec "$VENV/bin/namndsok" up
    ;;
  *)
    echo "Användning: bash run.sh [up|test]" >&2
    exit 2
    ;;
esac
