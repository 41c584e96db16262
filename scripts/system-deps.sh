#!/usr/bin/env bash
# Installs the Debian packages Needleplan needs (Qt's libraries, PostgreSQL for the tests,
# poppler for looking at handouts, a Unicode font). As root with apt it installs what is
# missing; otherwise it prints the exact apt line and carries on.
set -euo pipefail

RUNTIME="libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core fonts-wqy-microhei
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
  libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0"
TEST="postgresql postgresql-client poppler-utils xvfb xauth"
case "${1:-run}" in
  run) wanted="$RUNTIME" ;;
  test) wanted="$RUNTIME $TEST" ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
# A Python that can make virtual environments.
python3 -c 'import venv, ensurepip' 2>/dev/null || wanted="$wanted python3-venv"

command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian-like system; install Qt 6's runtime libraries and PostgreSQL 15 yourself" >&2; exit 0; }
missing=""
for pkg in $wanted; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "system-deps: missing Debian packages. Install them with:" >&2
  echo "  sudo apt-get install -y$missing" >&2
fi
