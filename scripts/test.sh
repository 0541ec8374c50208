#!/usr/bin/env bash
# Run the checks and the whole test suite headless, after scripts/setup.sh; arguments go to pytest
# (e.g. tests/unit -x -k money, or -m "not slow" for the quick run).
# First `ruff check kiosk tests bench packaging`, then mypy (kiosk/, configured in pyproject.toml), one line each when they
# pass; a failing checker prints its findings and stops the run with its own exit status (ruff 1, mypy 1 or 2).
# Otherwise the exit status is pytest's: 0 passed, 1 failures, 5 no tests collected (a failure too), others are errors.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" ${KIOSK_SETUP_ARGS:-}

export QT_QPA_PLATFORM=offscreen
# python-escpos otherwise writes its capabilities pickle into a new temp dir on every import;
# keep it in the (git-ignored) venv, where its Python-version-keyed file belongs.
export ESCPOS_CAPABILITIES_PICKLE_DIR="${ESCPOS_CAPABILITIES_PICKLE_DIR:-$ROOT/.venv/.cache/escpos}"
mkdir -p "$ESCPOS_CAPABILITIES_PICKLE_DIR"

# The checkers' caches live in the (git-ignored) venv too: mypy takes ~25 s from cold, under a second warm.
CHECK_CACHE="$ROOT/.venv/.cache"
# Runs a checker quietly; prints one line when it passes, its whole output and exit status when it does not.
check() {
  local name="$1" started=${EPOCHREALTIME/[.,]/} output status=0
  shift
  output="$("$@" 2>&1)" || status=$?
  local ms=$(((${EPOCHREALTIME/[.,]/} - started) / 1000))
  if ((status != 0)); then
    printf '%s\n' "$output"
    echo "$name: failed (exit $status)" >&2
    exit "$status"
  fi
  echo "$name: ok (${ms} ms)${output:+: ${output##*$'\n'}}"
}
check ruff "$ROOT/.venv/bin/ruff" check --cache-dir "$CHECK_CACHE/ruff" kiosk tests bench packaging
check mypy "$ROOT/.venv/bin/python" -m mypy --cache-dir "$CHECK_CACHE/mypy"

# Test files run in parallel, one process per core (at most 4), each file's tests in one process so that a file's
# fixtures are built once: 2 cores take the suite from ~11 to ~6 minutes. KIOSK_TEST_WORKERS=0 runs it serially.
workers="${KIOSK_TEST_WORKERS:-auto}"
parallel=()
if [[ "$workers" != 0 ]]; then
  parallel=(-n "$workers" --maxprocesses 4 --dist loadfile)
fi
exec "$ROOT/.venv/bin/python" -m pytest -p no:cacheprovider "${parallel[@]}" "$@"
