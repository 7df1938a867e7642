"""A sheet of a workbook file cut into slice packages, as the xlsx read cuts a big one."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from functions.adapters.xlsx import slices
from functions.adapters.xlsx.package import Package


def slice_packages(path: Path, title: str, slice_bytes: int) -> list[io.BytesIO]:
    """Each slice package of the sheet `title`, in order (slices.sheet_slices on the file's bytes)."""
    data = path.read_bytes()
    pkg = Package(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [p for _, p in slices.sheet_slices(pkg, package, pkg.sheet(title).part, slice_bytes)]
