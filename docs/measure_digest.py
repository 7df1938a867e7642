"""A digest's height at a phone's width (390 px) in headless Chromium.

python docs/measure_digest.py              # the demo (--scale small, 2026-11-29): every mail of its first night
python docs/measure_digest.py MAIL.eml ...  # given mails (.eml) or pages (.html)
"""

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
            [
                browser,
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={tmp}/profile",
                f"--window-size={PHONE_WIDTH},800",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    found = re.search(r"HEIGHT=(\d+)", dom)
    if not found:
        raise RuntimeError("Chromium did not report the page height")
    return int(found.group(1))


def demo_mails(folder: Path, today: str = "2026-11-29") -> list[Path]:
    """Generate the small demo and run its nightly into an outbox; the mails written."""
    python, workbook, outbox = sys.executable, folder / "demo.xlsx", folder / "outbox"
    common = ["--workbook", str(workbook), "--today", today]
    subprocess.run([python, "-m", "functions", "demo", *common, "--scale", "small", "--force"], check=True)
    subprocess.run([python, "-m", "functions", "nightly", *common, "--outbox", str(outbox)], check=True)
    return sorted(outbox.glob("*.eml"))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as work:
        names = [Path(n) for n in sys.argv[1:]] or demo_mails(Path(work))
        for path in names:
            print(f"{height(html_of(path))} px  {path.name}")
