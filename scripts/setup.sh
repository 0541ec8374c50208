#!/usr/bin/env bash
# Prepare this checkout: Debian packages Qt/Pillow need, a Python >= 3.12 venv in .venv, the app installed editable.
#
# Idempotent and quick when nothing changed: apt runs only when a package is missing (dpkg-query), pip only
# when pyproject.toml (or the venv's Python) changed since the last install (stamp file in .venv).
#
# Usage: scripts/setup.sh [--no-system]
#   --no-system   do not check or install Debian packages
# Environment: KIOSK_PYTHON=/path/to/python3.x to choose the interpreter used to create .venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.kiosk-setup-stamp"
EXTRAS="test,postgres,keyring"

# What the app needs from Debian 12, and why:
APT_PACKAGES=(
  # Qt's xcb platform plugin (the real screen) and its EGL/GL, D-Bus and font lookups
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libdbus-1-3 libfontconfig1
  libpulse0              # QtMultimedia (camera scanning, beeps)
  libgssapi-krb5-2       # QtNetwork, which QtMultimedia links; not in Debian base images
  fonts-noto-core        # Thai glyphs on screen and on receipts
  libfribidi0 libraqm0   # Raqm text layout for Thai on receipt images (Pillow's wheel bundles raqm but dlopens fribidi)
  xvfb xauth             # xvfb-run: screenshots and the xcb platform without a display (xauth is only Recommends)
  make                   # the Makefile shortcuts; not in Debian base images
)

with_system=1
for arg in "$@"; do
  case "$arg" in
    --no-system) with_system=0 ;;
    -h | --help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

started=${EPOCHREALTIME/[.,]/}  # microseconds
say() { printf 'setup: %s\n' "$*"; }
did_work=0
system_incomplete=0

# --- Debian packages -------------------------------------------------------------------------------------
install_system_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "no dpkg-query (not Debian?): skipping system packages; you need the equivalents of: ${APT_PACKAGES[*]}"
    return
  fi
  local installed missing=() pkg
  # One dpkg-query for all packages; unknown ones only print to stderr.
  installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${APT_PACKAGES[@]}" 2>/dev/null || true)"
  for pkg in "${APT_PACKAGES[@]}"; do
    grep -qx "$pkg installed" <<<"$installed" || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    return
  fi
  if ((EUID != 0)); then
    say "missing Debian packages; install them with:"
    printf '\n    sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n\n' "${missing[*]}"
    say "continuing without them (the GUI, Thai text or screenshots may not work until you do)"
    system_incomplete=1
    return
  fi
  did_work=1
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- Python ----------------------------------------------------------------------------------------------
# True when $1 runs and is a CPython >= 3.12 with the GIL (PySide6 has no free-threaded wheels) and venv.
python_ok() {
  "$1" - >/dev/null 2>&1 <<'EOF'
import sys, sysconfig, venv, ensurepip
sys.exit(0 if sys.version_info >= (3, 12) and not sysconfig.get_config_var("Py_GIL_DISABLED") else 1)
EOF
}

find_python() {
  local candidate
  if [[ -n "${KIOSK_PYTHON:-}" ]]; then
    python_ok "$KIOSK_PYTHON" && { echo "$KIOSK_PYTHON"; return 0; }
    echo "setup: KIOSK_PYTHON=$KIOSK_PYTHON is not a working Python >= 3.12 with venv" >&2
    return 1
  fi
  # A pyenv shim is on PATH even when its version is not selected (and then fails), so run each one.
  for candidate in python3.12 python3.13; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
  while IFS= read -r candidate; do
    if [[ -x "$candidate" ]] && python_ok "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done < <(printf '%s\n' "$pyenv_root"/versions/3.1[2-9]*/bin/python3 /root/.pyenv/versions/3.1[2-9]*/bin/python3 | sort -uV)
  return 1
}

ensure_venv() {
  if [[ -x "$VENV/bin/python" ]] && python_ok "$VENV/bin/python"; then
    return
  fi
  local python
  if ! python="$(find_python)"; then
    cat >&2 <<'EOF'
setup: no Python >= 3.12 found (tried python3.12, python3.13 on PATH and ~/.pyenv/versions/3.12+).
       The system python3 on Debian 12 is 3.11 and must not be used: PySide6 aborts the interpreter there.
       Install one, e.g. `pyenv install 3.12` (then re-run), or set KIOSK_PYTHON=/path/to/python3.12.
EOF
    exit 1
  fi
  did_work=1
  if [[ -e "$VENV" ]]; then
    say "$VENV is not a usable Python >= 3.12 venv: recreating it"
    rm -rf "$VENV"
  fi
  say "creating .venv with $python ($("$python" -c 'import platform; print(platform.python_version())'))"
  "$python" -m venv "$VENV"
}

install_python_packages() {
  local want
  want="$({ sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1; "$VENV/bin/python" -V; echo "$EXTRAS"; } | sha256sum | cut -d' ' -f1)"
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" && -x "$VENV/bin/kiosk" ]]; then
    return
  fi
  did_work=1
  say "installing the app and its Python dependencies into .venv (pip install -e '.[$EXTRAS]')"
  rm -f "$STAMP"
  # pip's and the build backend's chatter goes to a log, shown only when the install fails.
  local log="$VENV/pip-install.log"
  if ! PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip install --no-input -e "$ROOT[$EXTRAS]" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "setup: pip install failed; full log in $log" >&2
    exit 1
  fi
  echo "$want" >"$STAMP"
}

if ((with_system)); then
  install_system_packages
fi
ensure_venv
install_python_packages

elapsed() { local us=$((${EPOCHREALTIME/[.,]/} - started)); printf '%d.%01d s' $((us / 1000000)) $((us / 100000 % 10)); }
if ((did_work)); then
  say "done in $(elapsed)"
elif ((system_incomplete)); then
  say "Python environment up to date; Debian packages still missing (see above)"
else
  say "up to date ($(elapsed))"
fi
