"""Glue: a workbook's group bots from the configuration, with our HTTP client and the preview writer."""

from __future__ import annotations

from functions.adapters.bots.preview import write_previews
from functions.domain.bots import BotChannel
from functions.entry.config import bots_for
from functions.jobs.group_delivery import GroupDelivery


def group_delivery(
    bots: dict[str, tuple[BotChannel, ...]], workbook: str, preview_dir: str | None = None
) -> GroupDelivery | None:
    """The workbook's bots (GROUP_BOTS); with a preview_dir (CLI, demo) the JSON bodies go there when none."""
    channels = bots_for(bots, workbook) if workbook else ()
    if not channels and not preview_dir:
        return None  # nothing configured: nothing changes
    writer = write_previews if preview_dir else None
    if not channels:
        return GroupDelivery(channels, None, writer, preview_dir)  # previews only: no HTTP client (nor requests)
    from functions.adapters.bots.client import BotClient

    return GroupDelivery(channels, BotClient(), writer, preview_dir)
