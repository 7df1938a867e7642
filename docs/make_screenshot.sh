#!/bin/sh
# Render the secretary digest of the sample day at a phone's width in headless Chromium (run by hand).
# Needs: apt-get install -y chromium.  Output: docs/secretary-digest-phone.png
set -e
cd "$(dirname "$0")/.."
.venv/bin/python - <<'PY'
import sys
sys.path.insert(0, "tests")
from test_digest_sample import sample_link, sample_night
from functions.digest.render import compose_digests
n = sample_night()
mails = compose_digests(n.alerts, n.problem_rows, n.parsed, n.settings, n.today, sample_link,
                        "https://docs.google.com/spreadsheets/d/TESTID/edit")
open("/tmp/sanyou-secretary.html", "w", encoding="utf-8").write(mails[0].html)
open("/tmp/sanyou-volunteer.html", "w", encoding="utf-8").write(mails[1].html)
PY
for name in secretary volunteer; do
  chromium --no-sandbox --headless --disable-gpu --disable-background-networking --hide-scrollbars \
    --window-size=390,${HEIGHT:-2000} --screenshot="docs/$name-digest-phone.png" "file:///tmp/sanyou-$name.html" 2>/dev/null
done
echo "docs/secretary-digest-phone.png docs/volunteer-digest-phone.png"

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
