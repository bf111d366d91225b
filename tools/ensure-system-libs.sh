#!/usr/bin/env bash
# Qt needs a few system libraries even offscreen (the tests), and the X11 (xcb) ones to show its
# window on a Linux desktop (`make run`). On Debian/Ubuntu, install the missing ones as root, or
# with sudo when it asks no password; otherwise name them. A missing offscreen library stops the
# set-up; a missing xcb library is named only, since the tests and the build do without a screen.
# (The xcb list is what `ldd` shows Qt's platforms/libqxcb.so and libQt6XcbQpa.so.6 linking.)
set -euo pipefail
declare -A needed=(
  [libEGL.so.1]=libegl1 [libGL.so.1]=libgl1 [libxkbcommon.so.0]=libxkbcommon0
  [libfontconfig.so.1]=libfontconfig1 [libdbus-1.so.3]=libdbus-1-3 [libglib-2.0.so.0]=libglib2.0-0
)
declare -A window=(
  [libxcb.so.1]=libxcb1 [libX11-xcb.so.1]=libx11-xcb1 [libxcb-cursor.so.0]=libxcb-cursor0
  [libxcb-icccm.so.4]=libxcb-icccm4 [libxcb-keysyms.so.1]=libxcb-keysyms1 [libxcb-image.so.0]=libxcb-image0
  [libxcb-render-util.so.0]=libxcb-render-util0 [libxcb-xinerama.so.0]=libxcb-xinerama0 [libxcb-xkb.so.1]=libxcb-xkb1
  [libxkbcommon-x11.so.0]=libxkbcommon-x11-0 [libxcb-shape.so.0]=libxcb-shape0 [libxcb-randr.so.0]=libxcb-randr0
  [libxcb-render.so.0]=libxcb-render0 [libxcb-shm.so.0]=libxcb-shm0 [libxcb-sync.so.1]=libxcb-sync1
  [libxcb-xfixes.so.0]=libxcb-xfixes0 [libxcb-util.so.1]=libxcb-util1
)
[ "$(uname -s)" = Linux ] || exit 0

missing_of() {  # the packages of the libraries in the named table that ldconfig does not know
  local -n table="$1"
  local lib
  for lib in "${!table[@]}"; do
    ldconfig -p | grep -q "$lib" || echo "${table[$lib]}"
  done | sort -u
}
mapfile -t missing < <(missing_of needed)
mapfile -t missing_window < <(missing_of window)
[ ${#missing[@]} -eq 0 ] && [ ${#missing_window[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo="none"; fi
fi
if command -v apt-get >/dev/null && [ "$sudo" != none ]; then
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" "${missing_window[@]}" >/dev/null
  exit 0
fi
if [ ${#missing_window[@]} -gt 0 ]; then
  echo "For the program's window on this desktop, install: ${missing_window[*]}" >&2
  echo "  (Debian/Ubuntu: sudo apt-get install ${missing_window[*]})" >&2
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Qt needs these system libraries: ${missing[*]}" >&2
  echo "  (Debian/Ubuntu: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
