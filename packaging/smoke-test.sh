#!/usr/bin/env bash
# Smoke-test the Loyalty Kiosk .deb on this machine: install it, run the installed `kiosk` as an unprivileged
# user on a temporary data folder, check what freezing tends to break, validate the .desktop files and the
# systemd unit, then remove the package. Run as root (it installs a package). packaging/build.sh runs it.
#
# Usage: packaging/smoke-test.sh [DEB] [--keep] [--replace-installed]
#   DEB                  the package (default: the newest dist/loyalty-kiosk_*.deb)
#   --keep               leave the package installed and the temporary folder in place (to look around)
#   --replace-installed  go ahead even when loyalty-kiosk is already installed (it is removed at the end)
# Output: one line per check, then a summary; the pictures it made (counter, kiosk, receipt, Thai text) are
# copied to build/smoke/. Exit status 1 when any check fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG=loyalty-kiosk
OPT=/opt/$PKG
PLUGINS=$OPT/_internal/PySide6/Qt/plugins
RUN_AS=nobody      # an account with no home and no rights: proves the installed files are usable by anyone
OUT="$ROOT/build/smoke"

deb="" keep=0 replace=0
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    --replace-installed) replace=1 ;;
    -h | --help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "smoke-test.sh: unknown option '$arg'" >&2; exit 2 ;;
    *) deb="$arg" ;;
  esac
done
if [[ -z "$deb" ]]; then
  deb="$(ls -t "$ROOT"/dist/${PKG}_*.deb 2>/dev/null | head -n 1 || true)"
  [[ -n "$deb" ]] || { echo "smoke-test.sh: no dist/${PKG}_*.deb; run packaging/build.sh first" >&2; exit 2; }
fi
deb="$(realpath "$deb")"
((EUID == 0)) || { echo "smoke-test.sh: run as root (it installs and removes $PKG)" >&2; exit 2; }

# One smoke test at a time on a machine: they share /opt/loyalty-kiosk and dpkg.
exec 9>/run/lock/$PKG-smoke-test.lock
flock -n 9 || { echo "smoke: waiting for another smoke test to finish"; flock 9; }

if dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null | grep -qx installed && ((!replace)); then
  echo "smoke-test.sh: $PKG is already installed here and this test removes it at the end;" >&2
  echo "  remove it first (apt-get remove $PKG) or pass --replace-installed" >&2
  exit 2
fi

now() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }
seconds_since() { local us=$(($(now) - $1)); printf '%d.%d' $((us / 1000000)) $((us / 100000 % 10)); }
started=$(now)
TMP="$(mktemp -d /tmp/kiosk-smoke.XXXXXX)"
chmod 0755 "$TMP"
passed=0
failed=()
summary=()

cleanup() {
  local status=$?
  if ((keep)); then
    echo "smoke: --keep: $PKG stays installed; temporary files in $TMP"
  else
    if dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null | grep -qx installed; then
      DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$PKG" >/dev/null 2>&1 || true
    fi
    rm -rf "$TMP"
  fi
  exit "$status"
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$*"; }
fail() { failed+=("$1"); printf 'FAIL %s\n' "$*"; }
# check NAME COMMAND...: run it, keep its output in $TMP/log/NAME.{out,err}, pass when it exits 0.
check() {
  local name="$1"; shift
  local t; t=$(now)
  if "$@" >"$TMP/log/$name.out" 2>"$TMP/log/$name.err"; then
    ok "$name ($(seconds_since "$t") s)"
  else
    fail "$name" "(exit $?; $(seconds_since "$t") s)"
    sed 's/^/     | /' "$TMP/log/$name.out" "$TMP/log/$name.err" | tail -n 25
  fi
}
mkdir -p "$TMP/log"

# --- install --------------------------------------------------------------------------------------------
t=$(now)
# Without Recommends: what Depends lists must be enough (fonts-noto-core is only recommended).
if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$TMP/log/install.out" 2>&1; then
  install_s=$(seconds_since "$t")
  ok "install $(basename "$deb") ($install_s s)"
else
  fail install; tail -n 30 "$TMP/log/install.out"; exit 1
fi
installed_kb="$(dpkg-query -W -f='${Installed-Size}' "$PKG")"
opt_mb="$(du -sm "$OPT" | cut -f1)"
summary+=("installed size: $((installed_kb / 1024)) MB (dpkg Installed-Size), $OPT ${opt_mb} MB")

# --- files ----------------------------------------------------------------------------------------------
files_present() {
  local missing=0 f
  for f in /usr/bin/kiosk /usr/sbin/loyalty-kiosk-setup "$OPT/kiosk" \
    "$OPT/_internal/config/default.toml" "$OPT/_internal/config/templates/cafe_stamps.toml" \
    "$OPT/_internal/assets/fonts/NotoSansThai-Regular.ttf" \
    "$OPT/_internal/kiosk/ui/i18n/kiosk_th.qm" "$OPT/_internal/kiosk/adapters/db/migrations/env.py" \
    "$PLUGINS/multimedia/libffmpegmediaplugin.so" "$PLUGINS/platforms/libqxcb.so" \
    "$PLUGINS/platforms/libqwayland.so" "$PLUGINS/platforms/libqoffscreen.so" \
    "$PLUGINS/wayland-shell-integration/libxdg-shell.so" "$PLUGINS/imageformats/libqsvg.so" \
    "$OPT/_internal/PySide6/Qt/lib/libavcodec.so."* \
    /usr/share/applications/loyalty-kiosk-counter.desktop /usr/share/applications/loyalty-kiosk-manager.desktop \
    /usr/share/$PKG/autostart/loyalty-kiosk-counter.desktop \
    /usr/share/icons/hicolor/scalable/apps/loyalty-kiosk.svg /usr/share/icons/hicolor/256x256/apps/loyalty-kiosk.png \
    /usr/share/icons/hicolor/48x48/apps/loyalty-kiosk.png \
    /lib/systemd/system/loyalty-kiosk-selfservice.service /etc/pam.d/loyalty-kiosk; do
    [[ -e "$f" ]] || { echo "missing: $f"; missing=1; }
  done
  # Debian's own copies of these must be used, never bundled ones (the fontconfig trap and friends).
  local bundled
  bundled="$(find "$OPT" -name 'libfontconfig.so*' -o -name 'libfreetype.so*' -o -name 'libstdc++.so*' \
    -o -name 'libGL.so*' -o -name 'libEGL.so*' -o -name 'libX11.so*' -o -name 'libwayland-client.so*' \
    -o -name 'libdbus-1.so*' -o -name 'libglib-2.0.so*')"
  [[ -z "$bundled" ]] || { echo "bundled system libraries: $bundled"; missing=1; }
  return $missing
}
check files files_present
# Every library the camera's plugin links is found (the bundle's FFmpeg and Qt Quick, Debian's the rest).
check qtmultimedia-plugin-links sh -c "ldd '$PLUGINS/multimedia/libffmpegmediaplugin.so' >'$TMP/log/ldd.txt' && ! grep 'not found' '$TMP/log/ldd.txt'"

# --- .desktop files and the systemd unit ----------------------------------------------------------------
check desktop-file-validate desktop-file-validate /usr/share/applications/loyalty-kiosk-counter.desktop \
  /usr/share/applications/loyalty-kiosk-manager.desktop /usr/share/$PKG/autostart/loyalty-kiosk-counter.desktop
verify_unit() {
  # systemd-analyze verify prints problems and still exits 0 for some of them: any output about our unit fails.
  systemd-analyze verify /lib/systemd/system/loyalty-kiosk-selfservice.service >"$TMP/log/unit.txt" 2>&1 || { cat "$TMP/log/unit.txt"; return 1; }
  if grep -i "loyalty-kiosk" "$TMP/log/unit.txt"; then return 1; fi
}
if command -v systemd-analyze >/dev/null; then
  check systemd-analyze-verify verify_unit
else
  fail systemd-analyze-verify "(systemd-analyze is not installed)"
fi
check setup-helper sh -c '/usr/sbin/loyalty-kiosk-setup --help | grep -q "appliance enable" &&
  /usr/sbin/loyalty-kiosk-setup counter-autostart enable --all-users &&
  test "$(readlink /etc/xdg/autostart/loyalty-kiosk-counter.desktop)" = /usr/share/loyalty-kiosk/autostart/loyalty-kiosk-counter.desktop &&
  /usr/sbin/loyalty-kiosk-setup counter-autostart disable --all-users &&
  test ! -e /etc/xdg/autostart/loyalty-kiosk-counter.desktop'

# --- the installed app, as an unprivileged user ---------------------------------------------------------
# X servers (Xvfb here, cage's Xwayland) refuse a /tmp/.X11-unix that root does not own, and the first one to
# start creates it as whoever runs it: make it as systemd-tmpfiles would, before Xvfb runs as $RUN_AS.
install -d -m 1777 -o root -g root /tmp/.X11-unix
HOME_DIR="$TMP/home" DATA="$TMP/shop" PICS="$TMP/pictures" RUNTIME="$TMP/run"
mkdir -p "$HOME_DIR" "$DATA" "$PICS" "$RUNTIME"
chmod 0700 "$RUNTIME"
chown "$RUN_AS:" "$HOME_DIR" "$DATA" "$PICS" "$RUNTIME"
cat >"$TMP/printer.toml" <<EOF
# The receipt printer is a file: the ESC/POS bytes a real printer would get.
[printers.receipt]
kind = "file"
path = "$DATA/receipt.escpos"
paper_mm = 80
EOF
# No system fonts at all: only the fonts inside the bundle can give Qt a Thai face.
mkdir -p "$TMP/nofonts/empty" "$TMP/nofonts/cache"
cat >"$TMP/nofonts/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>$TMP/nofonts/empty</dir><cachedir>$TMP/nofonts/cache</cachedir></fontconfig>
EOF
chown -R "$RUN_AS:" "$TMP/nofonts"

as_user() {
  runuser -u "$RUN_AS" -- env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME_DIR" LANG=C.UTF-8 \
    XDG_RUNTIME_DIR="$RUNTIME" QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$@"
}
kiosk() { as_user kiosk --data-dir "$DATA" --config "$TMP/printer.toml" "$@"; }

check selftest as_user kiosk --bundle-selftest --out "$PICS"
check selftest-bundled-fonts as_user env FONTCONFIG_FILE="$TMP/nofonts/fonts.conf" \
  kiosk --bundle-selftest --no-system-fonts --out "$PICS/bundled-fonts"
check demo kiosk demo --members 40 --days 14
check sale kiosk sale --member 0812345678 --item LATTE --item CAKE
check print-receipt kiosk printer drain --once
receipt_is_raster() {
  # Thai lines reach the printer as raster images (GS v 0); draw them back into a picture to look at.
  python3 "$ROOT/packaging/escpos_to_png.py" "$DATA/receipt.escpos" "$PICS/receipt-printed.png"
}
check receipt-thai-raster receipt_is_raster
check verify kiosk verify
check counter-screenshot kiosk counter --screenshot "$PICS/counter.png"
check selfservice-screenshot kiosk selfservice --screenshot "$PICS/selfservice.png"
check counter-screenshot-bundled-fonts as_user env FONTCONFIG_FILE="$TMP/nofonts/fonts.conf" \
  kiosk --data-dir "$DATA" counter --screenshot "$PICS/bundled-fonts/counter.png"
# A real X server (Xvfb) and Qt's xcb platform: the counter's window opens, becomes interactive and closes.
check counter-window-xcb as_user env QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \
  kiosk --data-dir "$DATA" counter --exit-after-ready
if command -v cage >/dev/null; then
  # The appliance's stack without a screen: the kiosk inside cage on wlroots' headless backend, over Wayland.
  check selfservice-window-cage as_user env WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
    QT_QPA_PLATFORM=wayland cage -- kiosk --data-dir "$DATA" selfservice --exit-after-ready
fi
# The appliance as `loyalty-kiosk-setup appliance enable` sets it up, started the way the unit starts it (its
# Environment= and ExecStart=, as its user, with a temporary XDG_RUNTIME_DIR instead of the logind session and
# wlroots' headless backend instead of a screen), then everything undone. Skipped on a machine that already
# has a `kiosk` user: that may be a real kiosk.
appliance() {
  local unit=/lib/systemd/system/loyalty-kiosk-selfservice.service status=0 previous_default
  previous_default="$(systemctl get-default 2>/dev/null || true)"
  mkdir -p "$TMP/appliance-run"
  {
    /usr/sbin/loyalty-kiosk-setup appliance enable &&
      id -nG kiosk | grep -qw video &&
      [[ "$(stat -c %U /var/lib/loyalty-kiosk/shop)" == kiosk ]] &&
      [[ "$(systemctl is-enabled loyalty-kiosk-selfservice.service 2>/dev/null)" == enabled ]] &&
      chown kiosk: "$TMP/appliance-run" && chmod 0700 "$TMP/appliance-run" &&
      # A shop first (its owner), as set-up would make it: a folder with no shop opens the set-up wizard instead.
      runuser -u kiosk -- env -i PATH=/usr/bin:/bin HOME=/var/lib/loyalty-kiosk \
        kiosk --data-dir /var/lib/loyalty-kiosk/shop staff add --name Owner --role owner --pin 9999 >/dev/null &&
      mapfile -t unit_env < <(sed -n 's/^Environment=//p' "$unit") &&
      read -r -a exec_start < <(sed -n 's/^ExecStart=//p' "$unit") &&
      (cd /var/lib/loyalty-kiosk && runuser -u kiosk -- env -i PATH=/usr/bin:/bin HOME=/var/lib/loyalty-kiosk \
        "${unit_env[@]}" XDG_RUNTIME_DIR="$TMP/appliance-run" WLR_BACKENDS=headless WLR_RENDERER=pixman \
        WLR_LIBINPUT_NO_DEVICES=1 "${exec_start[@]}" --exit-after-ready) &&
      [[ -s /var/lib/loyalty-kiosk/shop/shop.sqlite3 ]]
  } || status=1
  /usr/sbin/loyalty-kiosk-setup appliance disable || status=1
  userdel kiosk 2>/dev/null || true
  groupdel kiosk 2>/dev/null || true
  rm -rf /var/lib/loyalty-kiosk
  if [[ -n "$previous_default" && "$(systemctl get-default 2>/dev/null)" != "$previous_default" ]]; then
    systemctl set-default "$previous_default"
  fi
  return $status
}
if getent passwd kiosk >/dev/null; then
  echo "skip appliance (this machine has a 'kiosk' user already)"
elif ! command -v cage >/dev/null; then
  echo "skip appliance (cage is not installed)"
else
  check appliance appliance
fi

pictures_made() {
  local f
  for f in counter.png selfservice.png receipt-th.png receipt-printed.png thai-text-qt.png bundled-fonts/counter.png; do
    [[ -s "$PICS/$f" ]] || { echo "no $f"; return 1; }
  done
}
check pictures pictures_made

# What the frozen app printed on stderr, all runs together: the traps leave their marks here.
stderr_clean() {
  cat "$TMP"/log/{selftest,selftest-bundled-fonts,demo,sale,print-receipt,verify,counter-screenshot,selfservice-screenshot,counter-screenshot-bundled-fonts,counter-window-xcb,selfservice-window-cage,appliance}.err \
    2>/dev/null >"$TMP/log/all-stderr.txt" || true
  ! grep -iE "fontconfig|traceback|cannot load library|could not load the qt platform plugin|qt\.qpa\.plugin|no qtmultimedia backends|failed to initialize qcamera|cannot open shared object|something went wrong" \
    "$TMP/log/all-stderr.txt"
}
check stderr-clean stderr_clean

rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$PICS"/. "$OUT"/
cp "$TMP/log/all-stderr.txt" "$OUT/stderr.txt" 2>/dev/null || true
ready="$(grep -ho 'ready_after_s=[0-9.]*' "$TMP/log/counter-window-xcb.out" 2>/dev/null | head -n 1 || true)"
[[ -z "$ready" ]] || summary+=("counter window under Xvfb: ${ready#ready_after_s=} s to interactive")

# --- remove ---------------------------------------------------------------------------------------------
if ((!keep)); then
  removed() {
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$PKG" >/dev/null &&
      [[ ! -e "$OPT" && ! -e /usr/bin/kiosk && ! -e /lib/systemd/system/loyalty-kiosk-selfservice.service ]]
  }
  check remove removed
fi

echo
echo "smoke summary: $passed passed, ${#failed[@]} failed in $(seconds_since "$started") s"
for line in "${summary[@]}"; do echo "  $line"; done
echo "  pictures and stderr: build/smoke/"
if ((${#failed[@]})); then
  echo "  FAILED: ${failed[*]}"
  exit 1
fi
