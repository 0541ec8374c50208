#!/usr/bin/env bash
# Run the whole test suite headless, after scripts/setup.sh; arguments go to pytest (e.g. tests/unit -x -k money).
# Exit status is pytest's: 0 passed, 1 failures, 5 no tests collected (a failure too), others are errors.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" ${KIOSK_SETUP_ARGS:-}

export QT_QPA_PLATFORM=offscreen
# python-escpos otherwise writes its capabilities pickle into a new temp dir on every import;
# keep it in the (git-ignored) venv, where its Python-version-keyed file belongs.
export ESCPOS_CAPABILITIES_PICKLE_DIR="${ESCPOS_CAPABILITIES_PICKLE_DIR:-$ROOT/.venv/.cache/escpos}"
mkdir -p "$ESCPOS_CAPABILITIES_PICKLE_DIR"

exec "$ROOT/.venv/bin/python" -m pytest -p no:cacheprovider "$@"
