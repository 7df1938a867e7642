#!/bin/sh
# Render the demo's secretary digest and one volunteer's list (--scale small, 2026-11-29) at a phone's width
# in headless Chromium, each at its full height (run by hand).
# Needs: apt-get install -y chromium fonts-noto-cjk.  Output: docs/secretary-digest-phone.png, docs/volunteer-digest-phone.png
set -e
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
"$PYTHON" - <<'PY'
import sys, tempfile
from pathlib import Path
sys.path.insert(0, "docs")
from measure_digest import demo_mails, height, html_of
with tempfile.TemporaryDirectory() as work:
    mails = demo_mails(Path(work))
    secretary = next(m for m in mails if "_secretary_" in m.name)
    volunteer = next(m for m in mails if "_volunteer_v001@" in m.name)
    for name, mail in (("secretary", secretary), ("volunteer", volunteer)):
        html = html_of(mail)
        Path(f"/tmp/sanyou-{name}.html").write_text(html, encoding="utf-8")
        Path(f"/tmp/sanyou-{name}.height").write_text(str(height(html)))
PY
for name in secretary volunteer; do
  chromium --no-sandbox --headless --disable-gpu --disable-background-networking --hide-scrollbars \
    --window-size=390,$(cat /tmp/sanyou-$name.height) --screenshot="docs/$name-digest-phone.png" \
    "file:///tmp/sanyou-$name.html" 2>/dev/null
  echo "docs/$name-digest-phone.png: $(cat /tmp/sanyou-$name.height) px high at 390 px"
done
# The monthly report with its chart, from the small demo community (docs/monthly-chart.png, docs/monthly-report-phone.png)
work=$(mktemp -d)
.venv/bin/python -m functions demo --workbook "$work/demo.xlsx" --scale small --today 2026-11-29 --force >/dev/null 2>&1
.venv/bin/python -m functions monthly --all --workbook "$work/demo.xlsx" --today 2026-11-29 --outbox "$work/out" >/dev/null 2>&1
.venv/bin/python - "$work" <<'PY'
import sys
from email import message_from_bytes, policy
from pathlib import Path
work = Path(sys.argv[1])
mail = message_from_bytes(next((work / "out").glob("*monthly*.eml")).read_bytes(), policy=policy.default)
png = next(p for p in mail.walk() if p.get_content_type() == "image/png")
Path("docs/monthly-chart.png").write_bytes(png.get_content())
html = mail.get_body(("html",)).get_content()
cid = png["Content-ID"].strip("<>")
(work / "monthly.html").write_text(html.replace(f"cid:{cid}", (Path.cwd() / "docs/monthly-chart.png").as_uri()), "utf-8")
PY
chromium --no-sandbox --headless --disable-gpu --disable-background-networking --hide-scrollbars \
  --window-size=390,${MONTHLY_HEIGHT:-2300} --screenshot="docs/monthly-report-phone.png" "file://$work/monthly.html" 2>/dev/null
rm -rf "$work"
echo "docs/monthly-chart.png docs/monthly-report-phone.png"
