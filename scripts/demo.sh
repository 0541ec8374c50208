#!/usr/bin/env bash
# Set up (scripts/setup.sh), load the demo shop's data, then open the counter screen on it.
# The demo lives in a folder of its own (KIOSK_DEMO_DIR, else the platform's loyalty-kiosk-demo data folder), never
# in the real shop's data folder; `kiosk demo` says where.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" ${KIOSK_SETUP_ARGS:-}

demo_dir="$("$ROOT/.venv/bin/kiosk" demo --where)"
"$ROOT/.venv/bin/kiosk" --data-dir "$demo_dir" demo
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]]; then
  echo "demo: no display found; on a headless machine run: xvfb-run -a ./scripts/demo.sh" >&2
fi
exec "$ROOT/.venv/bin/kiosk" --data-dir "$demo_dir" counter "$@"
