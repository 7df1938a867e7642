"""Write a zip package atomically, copying unchanged members' compressed bytes as they are."""

from __future__ import annotations

import os
import stat
import struct
import tempfile
import time
import zipfile
from collections.abc import Callable
from typing import BinaryIO

TEMP_PREFIX, TEMP_SUFFIX = ".~sanyou-", ".xlsx.tmp"
STALE_TEMP_SECONDS = 3600  # a temp file of ours this old was left by a killed write (a write takes seconds)


def remove_stale_temps(path: str | os.PathLike[str], now: float | None = None) -> list[str]:
    """Delete our temporary files beside the workbook that a killed write left behind; return their names."""
    folder = os.path.dirname(os.path.realpath(path))
    now = time.time() if now is None else now
    removed = []
    for name in os.listdir(folder):
        if not (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)):
            continue
        full = os.path.join(folder, name)
        try:
            if now - os.lstat(full).st_mtime > STALE_TEMP_SECONDS:
                os.unlink(full)
                removed.append(name)
        except OSError:  # another run removed it, or it is not ours to remove
            continue
    return removed


def write_package_atomically(
    source: zipfile.ZipFile,
    changed: dict[str, bytes],
    dropped: set[str],
    path: str | os.PathLike[str],
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Temp file beside path, fsync, os.replace; members in changed get new content, dropped ones are left out.

    A symbolic link is written through to its target (the link stays a link). before_replace runs just
    before the rename, so a caller can check that nobody saved the file while the package was built.
    """
    path = os.path.realpath(path)
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            _write_zip(source, changed, dropped, out)
            out.flush()
            os.fsync(out.fileno())
        _keep_access(tmp, path)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _keep_access(tmp: str, path: str | os.PathLike[str]) -> None:
    """Give the new file the old one's mode and owner (mkstemp makes 0600: a shared folder's other
    volunteers would lose access after the first nightly run); a new file gets the usual umask mode."""
    try:
        old = os.stat(path)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    os.chmod(tmp, stat.S_IMODE(old.st_mode))
    try:
        os.chown(tmp, old.st_uid, old.st_gid)
    except PermissionError:  # only root may give a file away; the mode is kept all the same
        pass


def _write_zip(source: zipfile.ZipFile, changed: dict[str, bytes], dropped: set[str], out: BinaryIO) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        written = set()
        for info in source.infolist():
            if info.filename in dropped:
                continue
            written.add(info.filename)
            if info.filename in changed:
                zout.writestr(_fresh_info(info.filename, info), changed[info.filename])
            else:
                copy_raw(source, zout, info)
        for name, data in changed.items():
            if name not in written:
                zout.writestr(_fresh_info(name, None), data)


def _fresh_info(name: str, like: zipfile.ZipInfo | None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, like.date_time if like else (2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def copy_raw(zin: zipfile.ZipFile, zout: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Copy one member's compressed bytes unchanged.

    Hand-written on zipfile internals (ZipInfo.FileHeader, ZipFile.fp/start_dir) because the standard
    library has no raw member copy; decompressing and recompressing a 150,000-row sheet costs seconds.
    """
    fp = zin.fp
    fp.seek(info.header_offset)
    header = fp.read(zipfile.sizeFileHeader)
    if header[:4] != zipfile.stringFileHeader:
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + zipfile.sizeFileHeader + name_len + extra_len)
    raw = fp.read(info.compress_size)
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    for attr in (
        "compress_type",
        "comment",
        "create_system",
        "create_version",
        "extract_version",
        "external_attr",
        "internal_attr",
        "CRC",
        "compress_size",
        "file_size",
        "volume",
    ):
        setattr(copy, attr, getattr(info, attr))
    copy.flag_bits = info.flag_bits & ~0x08  # sizes go in the local header: no data descriptor
    copy.extra = b""
    out = zout.fp
    copy.header_offset = out.tell()
    out.write(copy.FileHeader(zip64=info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT))
    out.write(raw)
    zout.filelist.append(copy)
    zout.NameToInfo[copy.filename] = copy
    zout.start_dir = out.tell()
    zout._didModify = True
