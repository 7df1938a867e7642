"""A Feishu custom app's credentials and the open-API hosts (no HTTP client: the CLI reads these at start)."""

from __future__ import annotations

from dataclasses import dataclass

FEISHU_BASE = "https://open.feishu.cn"
LARK_BASE = "https://open.larksuite.com"


@dataclass(frozen=True)
class FeishuApp:
    """A Feishu custom app's credentials and the open-API base (Feishu, Lark, or the offline fake)."""

    app_id: str
    app_secret: str
    base_url: str = FEISHU_BASE
