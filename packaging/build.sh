#!/usr/bin/env bash
# Build the installable Loyalty Kiosk: a PyInstaller one-folder bundle (dist/loyalty-kiosk/), wrapped in a
# Debian package (dist/loyalty-kiosk_<version>_<arch>.deb), then smoke-test the package on this machine
# (packaging/smoke-test.sh: installs it, runs it, removes it). `make package` runs this. See docs/install.md.
#
# Usage: packaging/build.sh [--no-smoke] [--no-system]
#   --no-smoke    build only; do not install and test the .deb
#   --no-system   do not check or install Debian packages (scripts/setup.sh's and the build's)
# Environment:
#   DEB_REVISION=1        the Debian revision appended to pyproject.toml's version (0.1.0-1)
#   DEB_COMPRESSION=zstd  dpkg-deb compressor: zstd (seconds, ~120 MB), xz (~4 min, ~90 MB), gzip
#   DEB_MAINTAINER="Name <mail>"  the control file's Maintainer
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PKG=loyalty-kiosk
BUNDLE="$ROOT/dist/$PKG"
STAGE="$ROOT/build/deb/$PKG"
SHLIBS_WORK="$ROOT/build/deb/shlibdeps"
LINUX="$ROOT/packaging/linux"

with_smoke=1
setup_args=()
for arg in "$@"; do
  case "$arg" in
    --no-smoke) with_smoke=0 ;;
    --no-system) setup_args+=(--no-system) ;;
    -h | --help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf 'package: %s\n' "$*"; }
now() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }
seconds_since() { local us=$(($(now) - $1)); printf '%d.%d' $((us / 1000000)) $((us / 100000 % 10)); }
started=$(now)

# What the installed app needs from Debian beyond what dpkg-shlibdeps finds in the binaries' ELF headers:
# libraries loaded with dlopen() or ctypes, and data. (dpkg-shlibdeps adds the linked ones: libxcb*, libGL,
# libfontconfig, libwayland-*, libpulse, libssl, ...)
EXTRA_DEPENDS=(
  libfribidi0 libraqm0   # Pillow's Raqm (Thai shaping on receipts) dlopens fribidi; raqm as the fallback
  libpipewire-0.3-0      # Qt 6.12 Multimedia dlopens PipeWire for audio and camera devices
  libxcb-cursor0         # Qt's xcb platform refuses to start without it (dlopened on some Qt builds)
  libusb-1.0-0           # pyusb (USB receipt printers) finds it with ctypes
  libgssapi-krb5-2       # QtNetwork, which QtMultimedia links
  tzdata                 # zoneinfo: the shop's time zone (Asia/Bangkok)
)
RECOMMENDS=(
  fonts-noto-core        # system Noto Sans Thai; the bundle carries its own (assets/fonts) when it is absent
  ca-certificates        # TLS to a PostgreSQL hub; Stripe uses the CA bundle inside the stripe library
  libva-drm2 libva-x11-2 # hardware video decoding for Qt Multimedia; without them Qt logs that it tried
)
SUGGESTS=(
  # The self-service appliance (loyalty-kiosk-setup appliance enable). Debian's cage refuses to start when
  # Xwayland is missing, though it neither depends on nor recommends xwayland.
  cage xwayland libpam-systemd
)
# What building and checking the package needs here: dpkg-shlibdeps, PyInstaller's objdump, the .desktop and
# unit validators, the compositor the unit starts (systemd-analyze verify checks ExecStart exists), and every
# library the bundle links, so that dpkg-shlibdeps can resolve it to a package.
BUILD_PACKAGES=(
  dpkg-dev binutils desktop-file-utils systemd cage xwayland xvfb xauth
  libwayland-client0 libwayland-cursor0 libwayland-egl1
  "${EXTRA_DEPENDS[@]}"
)

install_build_packages() {
  local installed missing=() pkg
  installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${BUILD_PACKAGES[@]}" 2>/dev/null || true)"
  for pkg in "${BUILD_PACKAGES[@]}"; do
    grep -qx "$pkg installed" <<<"$installed" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return
  if ((EUID != 0)); then
    echo "build.sh: missing Debian packages; install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  say "installing Debian packages for the build: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- 1. Tools -------------------------------------------------------------------------------------------
"$ROOT/scripts/setup.sh" "${setup_args[@]}"
if ((${#setup_args[@]} == 0)); then
  install_build_packages
fi
PY="$ROOT/.venv/bin/python"
# The `package` extra (PyInstaller, pyusb, pyserial) is not part of scripts/setup.sh: the tests do not need it.
want_extra="$(sha256sum pyproject.toml | cut -d' ' -f1)"
extra_stamp="$ROOT/.venv/.kiosk-package-stamp"
if [[ ! -f "$extra_stamp" || "$(cat "$extra_stamp")" != "$want_extra" ]] || ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  say "installing the package extra into .venv (pip install -e '.[package]')"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$PY" -m pip install --no-input -q -e "$ROOT[package]" >"$ROOT/.venv/pip-package.log" 2>&1 \
    || { tail -n 30 "$ROOT/.venv/pip-package.log" >&2; exit 1; }
  echo "$want_extra" >"$extra_stamp"
fi
# The camera decoder needs NumPy, which only the test extra installs (see docs/install.md): refuse to build
# a bundle whose camera scanning would fail.
"$PY" -c 'import numpy' 2>/dev/null || { echo "build.sh: numpy is missing from .venv (camera decoding needs it)" >&2; exit 1; }

# --- 2. The one-folder bundle ---------------------------------------------------------------------------
t=$(now)
say "freezing with PyInstaller (packaging/loyalty-kiosk.spec)"
rm -rf "$BUNDLE"
mkdir -p "$ROOT/build" "$ROOT/dist"  # a fresh clone has neither
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" \
  packaging/loyalty-kiosk.spec >"$ROOT/build/pyinstaller.log" 2>&1 || { tail -n 40 "$ROOT/build/pyinstaller.log" >&2; exit 1; }
# pyenv builds Python with debug information (~6 MB in libpython alone); the wheels' libraries are stripped.
find "$BUNDLE/_internal" -maxdepth 1 -name 'libpython*.so*' -type f -exec strip --strip-debug {} +
find "$BUNDLE/_internal/python3."* -name '*.so' -type f -exec strip --strip-debug {} + 2>/dev/null || true
freeze_s=$(seconds_since "$t")
bundle_kb=$(du -sk "$BUNDLE" | cut -f1)
say "bundle: dist/$PKG, $((bundle_kb / 1024)) MB, frozen in ${freeze_s} s"

# A first look before packaging: fails in seconds when a plugin, font or data file did not make it.
QT_QPA_PLATFORM=offscreen "$BUNDLE/kiosk" --bundle-selftest >"$ROOT/build/bundle-selftest.log" 2>&1 \
  || { cat "$ROOT/build/bundle-selftest.log" >&2; echo "build.sh: the bundle fails its self-test" >&2; exit 1; }
say "$(grep '^bundle selftest:' "$ROOT/build/bundle-selftest.log")"

# --- 3. The Debian package tree -------------------------------------------------------------------------
t=$(now)
version="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
deb_version="${version}-${DEB_REVISION:-1}"
arch="$(dpkg --print-architecture)"
rm -rf "$STAGE" "$SHLIBS_WORK"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt"
cp -a "$BUNDLE" "$STAGE/opt/$PKG"
install -D -m 0755 "$LINUX/kiosk" "$STAGE/usr/bin/kiosk"
install -D -m 0755 "$LINUX/loyalty-kiosk-setup" "$STAGE/usr/sbin/loyalty-kiosk-setup"
install -D -m 0644 "$LINUX/loyalty-kiosk-counter.desktop" "$STAGE/usr/share/applications/loyalty-kiosk-counter.desktop"
install -D -m 0644 "$LINUX/loyalty-kiosk-manager.desktop" "$STAGE/usr/share/applications/loyalty-kiosk-manager.desktop"
install -D -m 0644 "$LINUX/loyalty-kiosk-counter-autostart.desktop" \
  "$STAGE/usr/share/$PKG/autostart/loyalty-kiosk-counter.desktop"
install -D -m 0644 "$LINUX/loyalty-kiosk-selfservice.service" "$STAGE/lib/systemd/system/loyalty-kiosk-selfservice.service"
install -D -m 0644 "$LINUX/pam-loyalty-kiosk" "$STAGE/etc/pam.d/loyalty-kiosk"
install -D -m 0644 "$LINUX/loyalty-kiosk.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/loyalty-kiosk.svg"
install -D -m 0644 "$LINUX/copyright" "$STAGE/usr/share/doc/$PKG/copyright"
install -D -m 0644 "$ROOT/docs/install.md" "$STAGE/usr/share/doc/$PKG/install.md"
# PNG icons for menus and docks that do not draw SVG, rendered with the bundle's own Qt.
QT_QPA_PLATFORM=offscreen "$PY" - "$LINUX/loyalty-kiosk.svg" "$STAGE/usr/share/icons/hicolor" <<'EOF'
import sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

app = QGuiApplication(sys.argv[:1])
renderer = QSvgRenderer(sys.argv[1])
if not renderer.isValid():
    raise SystemExit(f"icon: cannot read {sys.argv[1]}")
for size in (16, 24, 32, 48, 64, 128, 256, 512):
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    import os
    folder = os.path.join(sys.argv[2], f"{size}x{size}", "apps")
    os.makedirs(folder, exist_ok=True)
    if not image.save(os.path.join(folder, "loyalty-kiosk.png")):
        raise SystemExit(f"icon: cannot write {size}x{size}")
EOF
install -m 0755 "$LINUX/debian/postinst" "$LINUX/debian/prerm" "$LINUX/debian/postrm" "$STAGE/DEBIAN/"
echo "/etc/pam.d/loyalty-kiosk" >"$STAGE/DEBIAN/conffiles"
# Debian's permissions whatever this checkout's umask was: directories 755, files 644, programs 755.
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f ! -perm -u+x -exec chmod 0644 {} +
find "$STAGE" -type f -perm -u+x -exec chmod 0755 {} +

# Depends: every Debian library the bundle's ELF files link (dpkg-shlibdeps, with minimum versions from
# Debian's symbols files) plus the dlopen()ed ones above. The libraries inside the bundle resolve to the
# bundle (-l): dpkg-shlibdeps fails the build if any other library is not found in an installed package.
mapfile -t elfs < <(find "$STAGE/opt/$PKG" -type f \( -name '*.so' -o -name '*.so.*' -o -path "*/opt/$PKG/kiosk" \) \
  -exec sh -c 'for f; do [ "$(head -c 4 "$f" | od -An -c | tr -d " \n")" = "177ELF" ] && echo "$f"; done' _ {} +)
mapfile -t libdirs < <(printf '%s\n' "${elfs[@]}" | xargs -n1 dirname | sort -u | sed 's/^/-l/')
mkdir -p "$SHLIBS_WORK/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$PKG" "$PKG" >"$SHLIBS_WORK/debian/control"
shlibs="$(cd "$SHLIBS_WORK" && dpkg-shlibdeps -O --ignore-missing-info --warnings=0 "${libdirs[@]}" "${elfs[@]}" \
  2>"$ROOT/build/deb/shlibdeps.log")" || { cat "$ROOT/build/deb/shlibdeps.log" >&2; exit 1; }
shlibs="${shlibs#shlibs:Depends=}"
join() { local IFS=,; echo "$*" | sed 's/,/, /g'; }
depends="$shlibs, $(join "${EXTRA_DEPENDS[@]}")"
installed_kb=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat >"$STAGE/DEBIAN/control" <<EOF
Package: $PKG
Version: $deb_version
Architecture: $arch
Maintainer: ${DEB_MAINTAINER:-Loyalty Kiosk maintainers <loyalty-kiosk@example.invalid>}
Installed-Size: $installed_kb
Depends: $depends
Recommends: $(join "${RECOMMENDS[@]}")
Suggests: $(join "${SUGGESTS[@]}")
Section: misc
Priority: optional
Homepage: https://example.invalid/loyalty-kiosk
Description: offline-first loyalty point of sale for cafés and shops
 A counter screen for cashiers, a locked-down self-service kiosk for customers and
 a manager's view, in one desktop application with its own Python and Qt under
 /opt/loyalty-kiosk. Points, stamp cards, tiers, cashback and paid membership run
 from a local append-only ledger; sales complete without a network and sync with
 Stripe when they can. Thai and English; Thai receipts on ESC/POS printers.
 .
 Commands: kiosk (counter, selfservice, manager, scripting); loyalty-kiosk-setup
 (the self-service appliance under cage, the counter at login).
EOF

# --- 4. The .deb ----------------------------------------------------------------------------------------
deb="$ROOT/dist/${PKG}_${deb_version}_${arch}.deb"
rm -f "$ROOT/dist/${PKG}_"*.deb
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-zstd}" --build "$STAGE" "$deb" >/dev/null
package_s=$(seconds_since "$t")
deb_kb=$(du -k "$deb" | cut -f1)
build_s=$(seconds_since "$started")
say "built $(basename "$deb"): $((deb_kb / 1024)) MB download, $((installed_kb / 1024)) MB installed; packaged in ${package_s} s"
cat >"$ROOT/dist/build-summary.txt" <<EOF
deb=$(basename "$deb")
freeze_seconds=$freeze_s
package_seconds=$package_s
build_seconds=$build_s
bundle_mb=$((bundle_kb / 1024))
deb_mb=$((deb_kb / 1024))
installed_mb=$((installed_kb / 1024))
EOF
say "build done in ${build_s} s (setup, freeze, package)"

# --- 5. Smoke test --------------------------------------------------------------------------------------
if ((with_smoke)); then
  "$ROOT/packaging/smoke-test.sh" "$deb"
fi
