"""The one write the system makes to a volunteer tab: a confirmed contact appended to 走访记录."""

from __future__ import annotations

from typing import Any, Literal, Protocol

from functions.domain.workbook import Snapshot

AppendStatus = Literal["written", "queued", "already"]


class ContactAppender(Protocol):
    """A workbook that can read a few tabs and append one confirmed contact (append-only, never rewrite)."""

    location: str

    def read_tabs(self, titles: list[str]) -> Snapshot:
        """Read only the named tabs (the confirm page needs 老人档案, 志愿者 and 运行记录, not 走访记录)."""
        ...

    def append_contact(self, identity: str, cells: dict[str, Any] | None, audit: list[Any]) -> AppendStatus:
        """Append cells (by header) to 走访记录 unless identity is already in 运行记录; put audit on top of it.

        cells None records only the audit line (没联系上). 'queued' when the file is held open and the row
        waits in the journal beside it; 'already' when identity was recorded before.
        """
        ...
