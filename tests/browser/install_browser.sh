#!/usr/bin/env bash
# Installs Debian's Chromium for the widget's browser tests (tests/browser/).
# Playwright's own browser download is not used: CI has no access to it.
# Idempotent: does nothing when the browser and the emoji font are already there. Run as root
# (CI is root).
set -euo pipefail

CHROMIUM="${HECHTWIJZER_CHROMIUM:-/usr/bin/chromium}"

# Without a colour emoji font, 👍/👎 show as empty boxes in the screenshots (docs/img/review.png).
has_emoji_font() { fc-list 2>/dev/null | grep -qi "color emoji"; }

if [ -x "$CHROMIUM" ] && has_emoji_font; then
  echo "chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# The fonts keep layout and screenshots the same from machine to machine.
$SUDO apt-get install -y -q chromium fonts-liberation fonts-dejavu-core fonts-noto-color-emoji
"$CHROMIUM" --version
