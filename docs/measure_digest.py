"""Measure a digest's height at a phone's width in headless Chromium: python docs/measure_digest.py MAIL.eml|.html."""

from __future__ import annotations

import email
import re
import subprocess
import sys
import tempfile
from email import policy
from pathlib import Path

PHONE_WIDTH = 390
PROBE = "<script>document.title='HEIGHT='+document.documentElement.scrollHeight</script>"


def html_of(path: Path) -> str:
    """The HTML part of a .eml file, or an .html file as it is."""
    if path.suffix != ".eml":
        return path.read_text(encoding="utf-8")
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return message.get_body(preferencelist=("html",)).get_content()


def height(html: str, browser: str = "chromium") -> int:
    """The page's scroll height in CSS pixels at 390 px wide."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "digest.html"
        page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
        dom = subprocess.run(
            [browser, "--no-sandbox", "--headless", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={tmp}/profile", f"--window-size={PHONE_WIDTH},800", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout
    found = re.search(r"HEIGHT=(\d+)", dom)
    if not found:
        raise RuntimeError("Chromium did not report the page height")
    return int(found.group(1))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{height(html_of(Path(name)))} px  {name}")
