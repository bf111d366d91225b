#!/usr/bin/env bash
# Check the one-folder build (dist/aplan, made by `pyinstaller build.spec`) without a screen:
# run the frozen program from an empty temporary folder, with an empty home, and prove that it
# finds its fonts, templates, demo data and translations, writes PDF/DOCX/XLSX and signed
# bundles, and draws its windows. Exits non-zero at the first failure; prints the size at the end.
#
#   tools/check_dist.sh [DIST_DIR]        (default dist/aplan)
#
# Environment: PYTHON (a Python with pypdf and Pillow to read the results; default the
# project's .venv), APLAN_DIST_MAX_MB (size limit, default 200), APLAN_CHECK_KEEP=1 (keep the
# temporary folder).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
dist="$(cd "${1:-$repo/dist/aplan}" && pwd)"
max_mb="${APLAN_DIST_MAX_MB:-200}"

case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) windows=1; exe=".exe" ;;
  *) windows=0; exe="" ;;
esac
if [ -z "${PYTHON:-}" ]; then
  for candidate in "$repo/.venv/bin/python" "$repo/.venv/Scripts/python.exe" python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
  done
fi
cli="$dist/aplan-cli$exe"
gui="$dist/aplan$exe"

fail() { echo "check_dist: FAILED: $*" >&2; exit 1; }
step() { echo "check_dist: $*"; }

[ -x "$cli" ] || fail "$cli is missing (build first: pyinstaller --noconfirm --clean build.spec)"
[ -x "$gui" ] || fail "$gui is missing"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/aplan-check.XXXXXX")"
if [ "${APLAN_CHECK_KEEP:-0}" = 1 ]; then
  echo "check_dist: keeping $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi
mkdir -p "$tmp/home"
cd "$tmp"  # nothing of the source tree is reachable from here

# Run the frozen program with a clean environment (no venv, no PYTHONPATH, an empty home, a
# C.UTF-8 locale) and a time limit; its output goes to $tmp/out.txt and is echoed.
run() {
  local program="$1"; shift
  local status=0
  if [ "$windows" = 1 ]; then
    HOME="$tmp/home" LOCALAPPDATA="$tmp/home" APPDATA="$tmp/home" PYTHONPATH="" QT_QPA_PLATFORM=offscreen \
      timeout 300 "$program" "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" || status=$?
  else
    env -i PATH=/usr/bin:/bin HOME="$tmp/home" TMPDIR="$tmp" LC_ALL=C.UTF-8 QT_QPA_PLATFORM=offscreen \
      timeout 300 "$program" "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" || status=$?
  fi
  sed 's/^/    /' "$tmp/out.txt"
  if [ "$status" -ne 0 ]; then
    sed 's/^/    stderr: /' "$tmp/err.txt" >&2
    fail "$(basename "$program") $* exited with $status"
  fi
}
contains() {  # contains TEXT WHAT: the last output holds TEXT
  grep -qF -- "$1" "$tmp/out.txt" || fail "the output of the last command lacks “$1” ($2)"
}
lacks() {
  ! grep -qF -- "$1" "$tmp/out.txt" || fail "the output of the last command has “$1” ($2)"
}
mn() {  # the Mongolian translation of an English message, read from the catalogue
  "$PYTHON" - "$repo/translations/mn/LC_MESSAGES/aplan.po" "$1" <<'EOF'
import sys
from babel.messages.pofile import read_po
with open(sys.argv[1], "rb") as f:
    print(read_po(f)[sys.argv[2]].string)
EOF
}

version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$repo/aplan_desktop/__init__.py")"
db="$tmp/db.sqlite"

step "layout: no Qt module or translation the program does not use"
internal="$dist/_internal"
[ -f "$internal/docx/templates/default.docx" ] || fail "python-docx's templates/default.docx is missing"
[ -f "$internal/translations/mn/LC_MESSAGES/aplan.mo" ] || fail "translations/mn/LC_MESSAGES/aplan.mo is missing"
[ -f "$internal/resources/fonts/LiberationSerif-Regular.ttf" ] || fail "the fonts are missing"
[ -f "$internal/resources/icons/aplan.png" ] || fail "resources/icons/aplan.png is missing"
[ -f "$internal/translations/qt_mn.qm" ] || fail "translations/qt_mn.qm (Qt's own buttons in Mongolian) is missing"
[ -f "$internal/docs/guide-mn.md" ] || fail "docs/guide-mn.md (Help → User guide) is missing"
[ -f "$internal/THIRD-PARTY-NOTICES.md" ] && [ -f "$internal/LICENSE" ] && [ -f "$internal/licenses/LGPL-3.0.txt" ] \
  || fail "the licence or the third-party notices (Help → About) are missing"
ls "$internal"/pypdfium2_raw/*pdfium* >/dev/null 2>&1 || fail "PDFium (pypdfium2_raw, the preview's pages) is missing"
[ -f "$internal/pyphen/dictionaries/hyph_mn_MN.dic" ] || fail "pyphen's Mongolian hyphenation patterns are missing"
ls "$internal"/_rl_accel* >/dev/null 2>&1 || fail "ReportLab's C accelerator (_rl_accel) is missing"
# each shipped library's licence travels in its package metadata (build.spec's SHIPPED_LIBRARIES)
"$PYTHON" - "$repo/build.spec" "$internal" <<'EOF' || fail "a shipped library's package metadata (its licence) is missing"
import ast, re, sys
from pathlib import Path
spec, internal = Path(sys.argv[1]), Path(sys.argv[2])
shipped = next(ast.literal_eval(node.value) for node in ast.parse(spec.read_text()).body
               if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "SHIPPED_LIBRARIES")
def normal(name): return re.sub(r"[-_.]+", "_", name).lower()
found = {normal(p.name.split("-", 1)[0]): p for p in internal.glob("*.dist-info")}
missing = [name for name in shipped if normal(name) not in found or not (found[normal(name)] / "METADATA").is_file()]
assert not missing, f"no package metadata for {missing}"
print(f"    package metadata with the licence of all {len(shipped)} shipped libraries")
EOF
# Qt's own catalogues are left out; only the program's own Mongolian one for Qt (translations/qt_mn.qm) goes in
unwanted="$(find "$dist" \( -iname '*Qt6Qml*' -o -iname '*Qt6Quick*' -o -iname '*WebEngine*' -o -iname '*Qt63D*' \
  -o -iname '*Qt6Multimedia*' -o -iname '*Qt6VirtualKeyboard*' -o -iname '*Qt6Pdf*' -o -iname 'opengl32sw.dll' -o -iname 'qt_*.qm' \
  -o -iname 'qtbase_*.qm' -o -iname '*.po' -o -iname '*.pot' \) -not -path "$internal/translations/qt_mn.qm" -print)"
[ -z "$unwanted" ] || fail "files the program does not use are in the build: $unwanted"

step "--version"
run "$cli" --version
contains "aplan $version" "the version"
if [ "$windows" = 0 ]; then  # a windowed aplan.exe has no stdout on Windows
  run "$gui" --version
  contains "aplan $version" "the version from the windowed program"
fi

step "demo (the demo data, the Mongolian catalogue)"
run "$cli" --db "$db" demo
contains "$(mn "Loaded {count} demo documents." | sed 's/{count}/5/')" "the Mongolian message"

step "list (English)"
run "$cli" --db "$db" --lang en list
for id in s000-report s001-report s002-plan s003-plan s004-plan; do contains "$id" "the demo documents"; done
contains "organisation" "the English header"

step "--lang mn list (Mongolian)"
run "$cli" --db "$db" --lang mn list
contains "$(mn organisation)" "the Mongolian header"
contains "$(mn approved)" "a Mongolian status"
lacks "organisation" "an English header in Mongolian"

step "pdf s001-report (fonts, templates)"
run "$cli" --db "$db" pdf s001-report -o "$tmp/x.pdf"
"$PYTHON" - "$tmp/x.pdf" <<'EOF' || fail "the PDF has no Mongolian text in the shipped fonts"
import re, sys
from pypdf import PdfReader
reader = PdfReader(sys.argv[1])
text = "\n".join(page.extract_text() or "" for page in reader.pages)
fonts = set()
for page in reader.pages:
    for font in (page.get("/Resources") or {}).get("/Font", {}).values():
        fonts.add(str(font.get_object().get("/BaseFont")))
cyrillic = len(re.findall(r"[А-Яа-яЁёӨөҮү]", text))
print(f"    {len(reader.pages)} pages, {cyrillic} Cyrillic letters, Ө/Ү: {bool(re.search('[ӨөҮү]', text))}, "
      f"fonts: {', '.join(sorted(fonts))}")
print("    " + " ".join(text.split())[:160])
assert cyrillic > 200, "too little Cyrillic text"
assert re.search("[ӨөҮү]", text), "no Ө or Ү: the Mongolian letters did not print"
assert any("Liberation" in f for f in fonts), "the shipped Liberation fonts are not in the PDF"
assert re.search(r"[^\W\d_]-\n[^\W\d_]", text), "no word broken at a syllable: the hyphenation patterns did not load"
EOF

step "table (python-docx's template, openpyxl)"
run "$cli" --db "$db" table s001-report -o "$tmp/x.docx"
run "$cli" --db "$db" table s001-report -o "$tmp/x.xlsx"
"$PYTHON" - "$tmp/x.docx" "$tmp/x.xlsx" <<'EOF' || fail "the .docx or .xlsx table is wrong"
import html, re, sys, zipfile
for path, folder in ((sys.argv[1], "word/"), (sys.argv[2], "xl/")):
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith(folder) and n.endswith(".xml"))
    letters = len(re.findall(r"[А-Яа-яӨөҮү]", html.unescape(xml)))  # openpyxl writes &#1057; references
    print(f"    {path.rsplit('/', 1)[-1]}: {letters} Cyrillic letters")
    assert letters > 100
EOF

step "export, keys --trust, import (PyNaCl signatures, the cover letter PDF)"
mkdir -p "$tmp/bundles"
run "$cli" --db "$db" --lang en export s001-report -o "$tmp/bundles"
bundle="$(ls "$tmp/bundles"/*.aplan 2>/dev/null | head -n 1)"
[ -n "$bundle" ] || fail "no .aplan bundle was written"
ls "$tmp/bundles"/*letter*.pdf >/dev/null 2>&1 || fail "no cover letter was written"
run "$cli" --db "$db" --lang en keys
fingerprint="$(sed -n "s/^This office's key: //p" "$tmp/out.txt")"
[ -n "$fingerprint" ] || fail "keys printed no fingerprint"
aimag_db="$tmp/aimag.sqlite"
run "$cli" --db "$aimag_db" --lang en keys --trust "$bundle" --fingerprint "$fingerprint"
run "$cli" --db "$aimag_db" --lang en import "$bundle"
contains "Imported 1 documents." "the import of the signed bundle"

step "gui --screenshot (offscreen)"
run "$gui" gui --screenshot "$tmp/shots"
"$PYTHON" - "$tmp/shots" <<'EOF' || fail "the screenshots are missing or blank"
import sys
from pathlib import Path
from PIL import Image, ImageStat
shots = sorted(Path(sys.argv[1]).glob("*.png"))
print(f"    {len(shots)} screenshots: " + ", ".join(p.stem for p in shots))
assert len(shots) == 24, f"expected 12 screens at two text sizes, not {len(shots)}"
for p in shots:
    with Image.open(p) as im:
        spread = max(hi - lo for lo, hi in ImageStat.Stat(im.convert("L")).extrema)
        assert im.width >= 300 and im.height >= 200 and spread > 64, f"{p.name} looks blank"
EOF

bytes="$(find "$dist" -type f -exec stat -c %s {} + | awk '{s += $1} END {print s}')"
size_mb=$(( (bytes + 524287) / 1048576 ))
files="$(find "$dist" -type f | wc -l | tr -d ' ')"
echo "check_dist: all checks passed"
echo "check_dist: size of $(basename "$dist"): ${size_mb} MB in ${files} files (limit ${max_mb} MB)"
[ "$size_mb" -le "$max_mb" ] || fail "the build is ${size_mb} MB, over ${max_mb} MB"
