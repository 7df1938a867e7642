"""Glue: a workbook's group bots from the configuration, with our HTTP client and the preview writer."""

from __future__ import annotations

from functions.adapters.bots.client import BotClient
from functions.adapters.bots.preview import write_previews
from functions.domain.bots import BotChannel
from functions.entry.config import bots_for
from functions.jobs.group_delivery import GroupDelivery


def group_delivery(
    bots: dict[str, tuple[BotChannel, ...]], workbook: str, previews: bool = False
) -> GroupDelivery | None:
    """The workbook's bots (GROUP_BOTS); with `previews` (CLI, demo) the JSON bodies go to the outbox when none."""
    channels = bots_for(bots, workbook) if workbook else ()
    if not channels and not previews:
        return None  # nothing configured: nothing changes
    return GroupDelivery(channels, BotClient() if channels else None, write_previews if previews else None)
