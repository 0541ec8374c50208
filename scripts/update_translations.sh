#!/usr/bin/env bash
# Refresh the Thai translation source from every tr() string under kiosk/ui, then compile it for the app.
#   1. pyside6-lupdate scans kiosk/ui/**/*.py into kiosk/ui/i18n/kiosk_th.ts (new strings come in unfinished)
#   2. translate the new entries (pyside6-linguist kiosk/ui/i18n/kiosk_th.ts, or edit the XML)
#   3. run this again: pyside6-lrelease compiles kiosk_th.qm; commit both the .ts and the .qm
set -euo pipefail
cd "$(dirname "$0")/.."
bin=".venv/bin"
ts="kiosk/ui/i18n/kiosk_th.ts"
qm="kiosk/ui/i18n/kiosk_th.qm"
mapfile -t sources < <(find kiosk/ui -name '*.py' -not -path '*/__pycache__/*' | LC_ALL=C sort)
"$bin/pyside6-lupdate" "${sources[@]}" -source-language en -target-language th_TH -locations none -no-obsolete -ts "$ts"
"$bin/pyside6-lrelease" "$ts" -qm "$qm"
unfinished=$(grep -c 'type="unfinished"' "$ts" || true)
if [ "$unfinished" != "0" ]; then
  echo "update_translations: $unfinished string(s) in $ts still need a Thai translation" >&2
fi
