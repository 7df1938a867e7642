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
