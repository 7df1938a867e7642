"""A column of junk filled down a volunteer tab to the sheet's last row, as one drag in a spreadsheet program does."""

from __future__ import annotations

import io
import re
import zipfile

from functions.adapters.xlsx.package import Package

XLSX_LAST_ROW = 1_048_576


def add_junk_column(
    path: str, title: str = "走访记录", column: str = "A", value: str = "x", last_row: int = XLSX_LAST_ROW
) -> int:
    """Fill column with value from the row after the tab's last row down to last_row; return how many cells."""
    data = open(path, "rb").read()
    part = Package(data).sheet(title).part
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        xml = src.read(part).decode("utf-8")
        rows = [int(n) for n in re.findall(r'<(?:\w+:)?row\b[^>]*?\br="(\d+)"', xml)]
        first = max(rows, default=1) + 1
        junk = "".join(
            f'<row r="{n}"><c r="{column}{n}" t="inlineStr"><is><t>{value}</t></is></c></row>'
            for n in range(first, last_row + 1)
        )
        end = xml.rindex("</sheetData>")
        xml = xml[:end] + junk + xml[end:]
        xml = re.sub(r"<dimension\b[^>]*/>", "", xml)  # the extent a spreadsheet program writes on saving
        at = min(xml.index(tag) for tag in ("<sheetViews", "<sheetFormatPr", "<cols", "<sheetData") if tag in xml)
        xml = xml[:at] + f'<dimension ref="A1:Z{last_row}"/>' + xml[at:]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info.filename, xml.encode("utf-8") if info.filename == part else src.read(info.filename))
    open(path, "wb").write(out.getvalue())
    return last_row - first + 1


def run_measured(command: list[str], env: dict[str, str], cwd: str | None = None) -> tuple[int, float, float, str]:
    """Run a command; (exit code, wall seconds, peak MiB of that process alone, stderr).

    The peak is the child's own VmHWM, polled: ru_maxrss of children also counts the parent's pages
    at the time of the fork.
    """
    import subprocess
    import time

    started = time.monotonic()
    child = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_kib = 0
    while child.poll() is None:
        try:
            with open(f"/proc/{child.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak_kib = max(peak_kib, int(line.split()[1]))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
        time.sleep(0.01)
    stderr = child.stderr.read() if child.stderr else ""
    return child.returncode, time.monotonic() - started, peak_kib / 1024, stderr
