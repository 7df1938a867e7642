#!/bin/sh
# Render what a volunteer sees in a spreadsheet program: the small demo after a nightly and a monthly run,
# each shown tab cut to its first rows and printed by LibreOffice (run by hand, not in CI).
# Needs: LibreOffice (soffice) and poppler-utils (pdftoppm).  Output: docs/workbook-<tab>.png
set -e
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=.venv/bin/python
$py -m functions demo --workbook "$work/demo.xlsx" --scale small --today 2026-11-29 --force >/dev/null
$py -m functions nightly --workbook "$work/demo.xlsx" --today 2026-11-29 --outbox "$work/out" >/dev/null
$py -m functions monthly --all --workbook "$work/demo.xlsx" --today 2026-11-29 --outbox "$work/out" >/dev/null
for tab in 提醒 月度指标 说明; do
  # Keep the first rows of every sheet and show only this tab, so LibreOffice prints just it.
  $py - "$work/demo.xlsx" "$work/$tab.xlsx" "$tab" <<'PY'
import re, sys, zipfile
src, dst, shown = sys.argv[1:4]
row = re.compile(r'<row\b[^>]*\br="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename.startswith("xl/worksheets/sheet"):
            text = row.sub(lambda m: m.group(0) if int(m.group(1)) <= 16 else "", data.decode())
            data = re.sub(r'<dimension ref="[^"]*"\s*/>', "", text).encode()
        elif info.filename == "xl/workbook.xml":
            def hide(m):
                tag = re.sub(r'\sstate="\w+"', "", m.group(0))
                return tag if f'name="{shown}"' in tag else tag.replace("<sheet ", '<sheet state="hidden" ', 1)
            text = re.sub(r"<sheet\b[^>]*>", hide, data.decode())
            index = re.findall(r"<sheet\b[^>]*>", text).index(next(t for t in re.findall(r"<sheet\b[^>]*>", text)
                                                                  if f'name="{shown}"' in t))
            data = re.sub(r'activeTab="\d+"', f'activeTab="{index}"', text).encode()
        zout.writestr(info, data)
PY
  soffice --headless --convert-to pdf --outdir "$work" "$work/$tab.xlsx" >/dev/null 2>&1
  pdftoppm -r 100 -png -f 1 -l 1 -singlefile "$work/$tab.pdf" "docs/workbook-$tab"
  [ -z "$KEEP_PDF" ] || cp "$work/$tab.pdf" "$KEEP_PDF/$tab.pdf"
done
ls docs/workbook-*.png
