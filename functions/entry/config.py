"""Every environment variable, read and checked here only, into one Config passed down (CLI and cloud).

Variables (name, who reads it, default, meaning):
- SANYOU_WORKBOOK (nightly, monthly, validate (HTTP); default: none: the request must name one): the workbook when
  the request names none: `gsheets:ID`, a Google Sheets URL, or an .xlsx path (local runs)
- COMMUNITIES (dispatch (required); default: none): one workbook per community, separated by commas or new lines:
  spreadsheet IDs, `gsheets:ID`, Google Sheets URLs (or .xlsx paths for local runs). A registry sheet
  (`registry:ID`) is not supported: list the IDs here
- SANYOU_TOPIC (dispatch (required); default: none): Pub/Sub topic the community messages go to,
  `projects/P/topics/T`
- PUBSUB_EMULATOR_HOST (dispatch; default: unset: the real Pub/Sub API with the runtime service account):
  `host:port` of a Pub/Sub emulator; when set, publish there over plain HTTP without credentials
- MAIL_OUTBOX (all jobs; default: `/tmp/sanyou-outbox` (the only writable place in Cloud Functions), for the
  CLI `outbox/`): folder for .eml files when SMTP_HOST is unset
- SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_TLS, SMTP_CA_FILE, MAIL_FROM (mail
  (functions/adapters/mail/delivery.py); default: unset SMTP_HOST: mail goes to MAIL_OUTBOX): the SMTP server;
  SMTP_PASSWORD comes from Secret Manager; SMTP_TLS is starttls, ssl or none; MAIL_FROM defaults to SMTP_USER
- SHEETS_EMULATOR_HOST (Google Sheets backend; default: unset): `host:port` of the offline Sheets fake (tests only)
- FEISHU_APP_ID, FEISHU_APP_SECRET (Feishu Sheets backend; default: unset): the Feishu custom app's credentials;
  FEISHU_APP_SECRET comes from Secret Manager in the cloud
- FEISHU_BASE_URL (Feishu Sheets backend; default: https://open.feishu.cn): `lark` (https://open.larksuite.com),
  `feishu`, or a URL such as the offline fake's http://127.0.0.1:8932
- GOOGLE_APPLICATION_CREDENTIALS (Google APIs; default: unset): a service-account key file for local runs; in the
  cloud the runtime service account is used (read by google-auth itself, not by our code)
- FUNCTION_TARGET, K_SERVICE (set by functions-framework / Cloud Run): which function runs, and that it runs
  deployed
- LOG_LEVEL (logs; default: INFO): DEBUG, INFO, WARNING or ERROR
- GROUP_BOTS (nightly, monthly; default: unset: no group messages): group-bot webhook addresses (企业微信, 钉钉,
  飞书 as their settings page shows them, or any apprise URL), separated by commas or new lines; `#secret=…` after
  an address is its signing secret (never sent). A line starting `[workbook]` (a spreadsheet ID, `gsheets:ID`, URL
  or .xlsx path) serves only that workbook; lines without serve every workbook that has no line of its own. From
  Secret Manager in the cloud (deploy.sh)

In the cloud (K_SERVICE set by Cloud Run / Cloud Functions gen2) every function but dispatch needs
SMTP_HOST: the outbox folder there is an instance's /tmp that nobody reads.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from functions.adapters.feishu.app import FEISHU_BASE, LARK_BASE, FeishuApp
from functions.adapters.mail.delivery import DEFAULT_SENDER, MailSettings
from functions.domain.bots import BotChannel, parse_bot_address
from functions.domain.errors import SanyouError
from functions.domain.feishu_url import parse_feishu_spec
from functions.domain.sheets_url import parse_sheets_spec

TOPIC_PATTERN = re.compile(r"^projects/[a-z][-a-z0-9.:]{3,61}[a-z0-9]/topics/[A-Za-z][-A-Za-z0-9._~%+]{2,254}$")
BARE_SPREADSHEET_ID = re.compile(r"^[A-Za-z0-9_-]{25,}$")
HOST_PORT = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
SMTP_TLS_MODES = ("starttls", "ssl", "none")
DEFAULT_OUTBOX = os.path.join(tempfile.gettempdir(), "sanyou-outbox")
# What each entry point cannot run without.
REQUIRED_BY_TARGET: dict[str, tuple[str, ...]] = {
    "dispatch": ("COMMUNITIES", "SANYOU_TOPIC"),
    "confirm": ("CONFIRM_KEY",),
}
MIN_CONFIRM_KEY = 16  # characters: a short key could be guessed from a link


class ConfigError(SanyouError, ValueError):
    """The environment is not usable; the message says which variable and how to fix it."""


@dataclass(frozen=True)
class Config:
    """Everything the entry points read from the environment."""

    workbook: str | None
    communities: tuple[str, ...]
    topic: str | None
    pubsub_emulator_host: str | None
    mail_outbox: str | None  # MAIL_OUTBOX as set; each entry point has its own default (outbox_or)
    log_level: str
    feishu: FeishuApp | None = None  # FEISHU_APP_ID / FEISHU_APP_SECRET / FEISHU_BASE_URL, when set
    in_cloud: bool = False  # K_SERVICE is set: running as a deployed function
    group_bots: dict[str, tuple[BotChannel, ...]] = field(default_factory=dict)  # workbook ("" = any) → bots
    confirm_keys: tuple[bytes, ...] = ()  # CONFIRM_KEY, comma-separated, newest first: old keys keep links valid
    confirm_base_url: str | None = None  # CONFIRM_BASE_URL: where the one-tap links point (confirm or serve)
    mail: MailSettings = MailSettings()
    sheets_emulator_host: str | None = None
    function_target: str = ""

    def outbox_or(self, default: str) -> str:
        """MAIL_OUTBOX, else the entry point's default folder."""
        return self.mail_outbox or default

    def allows(self, workbook: str) -> bool:
        """In the cloud only the deployment's own workbooks (COMMUNITIES, SANYOU_WORKBOOK) may be run:
        a volunteer allowed to press 立即检查 must not rewrite another community's sheet, nor name a path
        on the function's disk. Locally anything goes."""
        if not self.in_cloud:
            return True
        return workbook in set(self.communities) | ({self.workbook} if self.workbook else set())

    def bots_for(self, workbook: str) -> tuple[BotChannel, ...]:
        """The group bots of a workbook (GROUP_BOTS)."""
        return bots_for(self.group_bots, workbook)


def bots_for(bots: dict[str, tuple[BotChannel, ...]], workbook: str) -> tuple[BotChannel, ...]:
    """A workbook's own lines of GROUP_BOTS, else the lines without a workbook."""
    try:
        key = normalise_workbook_spec(workbook)
    except ValueError:
        key = workbook
    return bots.get(key, bots.get("", ()))


def normalise_workbook_spec(spec: str) -> str:
    """gsheets:ID for a spreadsheet ID or URL, the path for an .xlsx file; ValueError otherwise."""
    text = spec.strip()
    if text.startswith("registry:"):
        raise ValueError(f"不支持登记表（{text}）：请直接列出各社区的表格 ID")
    token = parse_feishu_spec(text)  # FeishuSpecError is a ValueError with its own advice
    if token:
        return f"feishu:{token}"
    spreadsheet_id = parse_sheets_spec(text)
    if spreadsheet_id:
        return f"gsheets:{spreadsheet_id}"
    if BARE_SPREADSHEET_ID.match(text):
        return f"gsheets:{text}"
    if text.lower().endswith(".xlsx"):
        return text
    raise ValueError(f"“{text[:80]}”不是表格 ID、Google 表格网址、飞书表格网址（feishu:token）或 .xlsx 文件")


def parse_communities(text: str) -> tuple[str, ...]:
    """The COMMUNITIES list: comma / new-line separated, normalised, duplicates dropped, order kept."""
    seen: dict[str, None] = {}
    for part in re.split(r"[,，\n\r]+", text):
        if part.strip():
            seen.setdefault(normalise_workbook_spec(part), None)
    return tuple(seen)


BOT_LINE = re.compile(r"^\s*\[([^\]]+)\]\s*(.*)$")


def parse_group_bots(text: str) -> dict[str, tuple[BotChannel, ...]]:
    """GROUP_BOTS: workbook ('' for every workbook) → its bots; ValueError names the bad line (never its key)."""
    found: dict[str, dict[BotChannel, None]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = BOT_LINE.match(line)
        workbook, addresses = (match.group(1), match.group(2)) if match else ("", line)
        try:
            key = normalise_workbook_spec(workbook) if workbook else ""
        except ValueError as exc:
            raise ValueError(f"第 {number} 行：{exc}") from None
        for part in re.split(r"[,，\s]+", addresses):
            if part.strip():
                try:
                    found.setdefault(key, {})[parse_bot_address(part)] = None
                except ValueError as exc:
                    raise ValueError(f"第 {number} 行：{exc}") from None
    return {key: tuple(bots) for key, bots in found.items()}


def group_bots_from_env(environ: Mapping[str, str] | None = None) -> dict[str, tuple[BotChannel, ...]]:
    """GROUP_BOTS alone (the CLI reads nothing else of the cloud configuration); ConfigError when unusable."""
    env = os.environ if environ is None else environ
    try:
        return parse_group_bots(env.get("GROUP_BOTS", ""))
    except ValueError as exc:
        raise ConfigError(f"环境变量设置有误：\n- GROUP_BOTS：{exc}") from None


def _value(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


def feishu_app(environ: Mapping[str, str] | None = None) -> FeishuApp | None:
    """The Feishu app from FEISHU_APP_ID / FEISHU_APP_SECRET / FEISHU_BASE_URL; None without credentials."""
    env = os.environ if environ is None else environ
    app_id, secret = _value(env, "FEISHU_APP_ID"), _value(env, "FEISHU_APP_SECRET")
    base = _value(env, "FEISHU_BASE_URL") or FEISHU_BASE
    base = {"feishu": FEISHU_BASE, "lark": LARK_BASE}.get(base.lower(), base)
    return FeishuApp(app_id, secret, base.rstrip("/")) if app_id and secret else None


def _feishu_problems(env: Mapping[str, str], workbooks: list[str]) -> list[str]:
    base = _value(env, "FEISHU_BASE_URL")
    problems = []
    if base and base.lower() not in ("feishu", "lark") and not re.match(r"^https?://[^/\s]+/?$", base):
        problems.append(f"FEISHU_BASE_URL：“{base}”应为 feishu、lark 或 https://主机 这样的地址")
    if any(w.startswith("feishu:") for w in workbooks) and not feishu_app(env):
        problems.append("FEISHU_APP_ID / FEISHU_APP_SECRET：要使用飞书表格，请设置飞书应用的 App ID 和 App Secret")
    return problems


def function_target(environ: Mapping[str, str] | None = None) -> str:
    """FUNCTION_TARGET: the function functions-framework was started for, empty when imported by a tool."""
    return ((os.environ if environ is None else environ).get("FUNCTION_TARGET") or "").strip()


def target_mails(environ: Mapping[str, str]) -> bool:
    """Whether the function running here (FUNCTION_TARGET) sends mail: every job but dispatch."""
    return (environ.get("FUNCTION_TARGET") or "").strip() not in ("dispatch", "confirm")


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """Read and check the environment; ConfigError lists every problem at once."""
    env = os.environ if environ is None else environ
    problems: list[str] = []
    workbook = _value(env, "SANYOU_WORKBOOK")
    if workbook:
        try:
            workbook = normalise_workbook_spec(workbook)
        except ValueError as exc:
            problems.append(f"SANYOU_WORKBOOK：{exc}")
    communities: tuple[str, ...] = ()
    try:
        communities = parse_communities(env.get("COMMUNITIES", ""))
    except ValueError as exc:
        problems.append(f"COMMUNITIES：{exc}")
    problems += _feishu_problems(env, list(communities) + ([workbook] if workbook else []))
    topic = _value(env, "SANYOU_TOPIC")
    if topic and not TOPIC_PATTERN.match(topic):
        problems.append(f"SANYOU_TOPIC：“{topic}”要写成 projects/项目ID/topics/主题名")
    emulator = _value(env, "PUBSUB_EMULATOR_HOST")
    if emulator and not HOST_PORT.match(emulator):
        problems.append(f"PUBSUB_EMULATOR_HOST：“{emulator}”要写成 主机:端口，如 127.0.0.1:8085")
    level = (_value(env, "LOG_LEVEL") or "INFO").upper()
    if level not in LOG_LEVELS:
        problems.append(f"LOG_LEVEL：“{level}”应为 {' / '.join(LOG_LEVELS)} 之一")
    port = _value(env, "SMTP_PORT")
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        problems.append(f"SMTP_PORT：“{port}”应为 1 到 65535 的端口号")
    if _value(env, "K_SERVICE") and not _value(env, "SMTP_HOST") and target_mails(env):
        # in the cloud an outbox folder is an instance's /tmp that nobody reads: the mail would be lost
        problems.append("SMTP_HOST：在云端运行时必须设置邮件服务器，否则邮件会写进没人看的临时文件夹")
    tls = _value(env, "SMTP_TLS")
    if tls and tls.lower() not in SMTP_TLS_MODES:
        problems.append(f"SMTP_TLS：“{tls}”应为 {' / '.join(SMTP_TLS_MODES)} 之一")
    bots: dict[str, tuple[BotChannel, ...]] = {}
    try:
        bots = parse_group_bots(env.get("GROUP_BOTS", ""))
    except ValueError as exc:
        problems.append(f"GROUP_BOTS：{exc}")
    keys = tuple(k.strip().encode("utf-8") for k in (env.get("CONFIRM_KEY") or "").split(",") if k.strip())
    if any(len(k) < MIN_CONFIRM_KEY for k in keys):
        problems.append(f"CONFIRM_KEY：每个密钥至少 {MIN_CONFIRM_KEY} 个字符（可用 openssl rand -hex 32 生成）")
    base_url = _value(env, "CONFIRM_BASE_URL")
    if base_url and not re.match(r"^https?://[^\s/]+", base_url):
        problems.append(f"CONFIRM_BASE_URL：“{base_url[:80]}”应为 http:// 或 https:// 开头的网址")
    sheets_emulator = _value(env, "SHEETS_EMULATOR_HOST")
    if sheets_emulator and not HOST_PORT.match(sheets_emulator.removeprefix("http://").rstrip("/")):
        problems.append(f"SHEETS_EMULATOR_HOST：“{sheets_emulator}”要写成 主机:端口，如 127.0.0.1:8086")
    if problems:
        raise ConfigError("环境变量设置有误：\n" + "\n".join(f"- {p}" for p in problems))
    return Config(
        workbook=workbook,
        communities=communities,
        topic=topic,
        pubsub_emulator_host=emulator,
        mail_outbox=_value(env, "MAIL_OUTBOX"),
        log_level=level,
        feishu=feishu_app(env),
        in_cloud=bool(_value(env, "K_SERVICE")),
        group_bots=bots,
        confirm_keys=keys,
        confirm_base_url=base_url,
        mail=_mail_settings(env),
        sheets_emulator_host=sheets_emulator,
        function_target=(env.get("FUNCTION_TARGET") or "").strip(),
    )


def _mail_settings(env: Mapping[str, str]) -> MailSettings:
    """The SMTP settings, already checked by load_config."""
    port = _value(env, "SMTP_PORT")
    return MailSettings(
        host=_value(env, "SMTP_HOST") or "",
        port=int(port) if port else None,
        user=env.get("SMTP_USER", ""),
        password=env.get("SMTP_PASSWORD", ""),
        tls=(_value(env, "SMTP_TLS") or "starttls").lower(),
        ca_file=_value(env, "SMTP_CA_FILE"),
        sender=_value(env, "MAIL_FROM") or _value(env, "SMTP_USER") or DEFAULT_SENDER,
    )


def require_for(target: str, environ: Mapping[str, str] | None = None) -> Config:
    """load_config plus the variables this entry point cannot run without."""
    env = os.environ if environ is None else environ
    config = load_config(env)
    missing = [name for name in REQUIRED_BY_TARGET.get(target, ()) if not _value(env, name)]
    if missing:
        raise ConfigError(f"函数 {target} 需要设置环境变量：{'、'.join(missing)}（见 README 的配置表）")
    return config
