#!/usr/bin/env bash
# What the browser tests need from the system, installed with apt on Debian or Ubuntu and said out loud:
#   chromium        the browser playwright-core drives for the e2e tests and the report PDF
#                   (nothing is downloaded; skipped when CHROMIUM_PATH points to a browser)
#   poppler-utils   pdftoppm, which turns the audit report PDF into PNGs a person can look at
#   fonts-noto-cjk  Chinese glyphs, so screenshots and PDFs show text rather than boxes
# Installs only what is missing. Without apt it installs nothing and says in one line what to install.
# `npm test` does not run this; `.ci/run` does, on a fresh machine.
set -euo pipefail

packages=()
reasons=()
need() {
  packages+=("$1")
  reasons+=("  $1: $2")
}

if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ ! -x "$CHROMIUM_PATH" ]; then
    echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable: point it at Chromium or Chrome, or unset it to install Debian's chromium" >&2
    exit 1
  fi
  echo "chromium: not needed, CHROMIUM_PATH=$CHROMIUM_PATH"
elif [ ! -x /usr/bin/chromium ]; then
  need chromium "the browser the e2e tests and the report PDF drive (playwright-core, no browser download)"
fi
command -v pdftoppm >/dev/null 2>&1 || need poppler-utils "pdftoppm turns the audit report PDF into PNGs for the report test"
if command -v dpkg >/dev/null 2>&1; then
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need fonts-noto-cjk "Chinese text in screenshots and PDFs"
elif ! (command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -q .); then
  need fonts-noto-cjk "Chinese text in screenshots and PDFs"
fi

if [ ${#packages[@]} -eq 0 ]; then
  echo "system packages for the browser tests: all present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "no apt-get here: install ${packages[*]} (Debian names; Chromium may instead be given as CHROMIUM_PATH=/path/to/chrome) with your package manager, then run the tests" >&2
  exit 1
fi

echo "installing Debian packages for the browser tests:"
printf '%s\n' "${reasons[@]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "installed: ${packages[*]}"
