#!/usr/bin/env bash
# Set up Presales Workbench on a bare Debian 12 / Ubuntu 24.04 machine:
# system libraries Qt needs, a CJK font, a virtual environment in .venv with the app.
#   scripts/setup.sh          the app
#   scripts/setup.sh --dev    the app plus test and lint tools (and Xvfb for screenshots)
# Uses sudo only when not already root. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

packages=(
  python3 python3-venv python3-pip
  # Qt will not load without these, even offscreen (ldd on its platform plugin lists what is missing)
  libglib2.0-0 libgl1 libegl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0
  # a real window
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxkbcommon-x11-0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libxcb-shm0 libxcb-sync1 libxrender1
  # Chinese text, and Liberation (metric-compatible with Arial) for Latin text in documents
  fonts-noto-cjk fonts-liberation
  # Word and PDF export: LibreOffice kept warm and driven through UNO (python3-uno), and the
  # checks of the PDF it writes
  libreoffice-writer-nogui libreoffice-calc-nogui python3-uno poppler-utils
)
if [ "$dev" -eq 1 ]; then
  # xvfb for screenshots; PostgreSQL 15 (Debian 12) so the core tests also run against a real
  # server (the tests start their own throwaway server; the package's own cluster is not used)
  packages+=(xvfb xauth postgresql)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "$dev" -eq 1 ]; then
  .venv/bin/python -m pip install -q -e ".[dev]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "Ready: .venv/bin/workbench"
