#!/usr/bin/env bash
# Set up (scripts/setup.sh), load the demo shop's data, then open the counter screen.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" ${KIOSK_SETUP_ARGS:-}

"$ROOT/.venv/bin/kiosk" demo
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]]; then
  echo "demo: no display found; on a headless machine run: xvfb-run -a ./scripts/demo.sh" >&2
fi
exec "$ROOT/.venv/bin/kiosk" counter "$@"
