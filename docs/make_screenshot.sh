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
