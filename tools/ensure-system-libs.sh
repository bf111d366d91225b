#!/usr/bin/env bash
# Qt needs a few system libraries even offscreen. On Debian/Ubuntu, install the missing ones
# (as root, or with sudo); elsewhere, say which are missing.
set -euo pipefail
declare -A package=(
  [libEGL.so.1]=libegl1 [libGL.so.1]=libgl1 [libxkbcommon.so.0]=libxkbcommon0
  [libfontconfig.so.1]=libfontconfig1 [libdbus-1.so.3]=libdbus-1-3 [libglib-2.0.so.0]=libglib2.0-0
)
[ "$(uname -s)" = Linux ] || exit 0
missing=()
for lib in "${!package[@]}"; do
  ldconfig -p | grep -q "$lib" || missing+=("${package[$lib]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Qt needs these system libraries: ${missing[*]}" >&2
  exit 1
fi
