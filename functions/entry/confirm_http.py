"""The one public endpoint: a volunteer's one-tap confirmation page (GET) and its form (POST)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from functions.digest.confirm_form import FormError
from functions.digest.confirm_links import ConfirmLinks
from functions.digest.templates import environment
from functions.domain.appendable import ContactAppender
from functions.domain.clock import community_now, community_today
from functions.domain.confirm_token import Claim, TokenRefused, read_token, token_hash
from functions.domain.workbook import WorkbookError

if TYPE_CHECKING:  # flask is imported where a page is served: the nightly CLI never needs it
    import flask
from functions.entry import log_json as log
from functions.entry.config import Config
from functions.jobs.confirm import confirm_page, record_confirmation

MAX_BODY = 4096  # the form is a few short fields
RATE_LIMIT = 20  # requests per token per window: a double tap is fine, a script is not
RATE_WINDOW = 600.0
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the token is in the address: never pass it on
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
}
REFUSED = ("这个链接无效或已过期", "请点最新一封提醒里的链接，或者直接在表格的“走访记录”里填写。")
DONE = {
    "written": ("已记录，谢谢您！", "这次联系已经记进“走访记录”，明天的提醒会跟着更新。"),
    "already": ("已记录过", "这次联系之前已经记上了，不用再点。"),
    "queued": ("已收到，稍后记上", "工作簿正在被别人打开，关闭后会自动记进“走访记录”。"),
    "missed": ("已告诉书记", "这次没联系上不会记进走访记录；明天会再提醒您。"),
}


class RateLimiter:
    """At most `limit` requests per key in a sliding window (one instance's memory)."""

    def __init__(self, limit: int = RATE_LIMIT, window: float = RATE_WINDOW) -> None:
        self.limit, self.window = limit, window
        self.seen: dict[str, deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count this request; False when the key is over its limit."""
        now = time.monotonic()
        with self.lock:
            times = self.seen[key]
            while times and now - times[0] > self.window:
                times.popleft()
            if len(times) >= self.limit:
                return False
            times.append(now)
            return True


def form_key(key: bytes, token: str) -> str:
    """The hidden field that proves a POST came from the page we served for this token."""
    return hmac.new(key, b"form|" + token.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


class ConfirmService:
    """Answers GET and POST for /confirm; targets maps a token's community tag to its workbook."""

    def __init__(
        self,
        keys: list[bytes],
        targets: Callable[[str], ContactAppender | None],
        today: Callable[[], dt.date],
        now: Callable[[], dt.datetime],
        limiter: RateLimiter | None = None,
    ) -> None:
        self.keys, self.targets, self.today, self.now = keys, targets, today, now
        self.limiter = limiter or RateLimiter()

    def handle(self, request: flask.Request) -> flask.Response:
        """The page, the result, or a plain refusal that reveals nothing."""
        if request.method not in ("GET", "POST"):
            return self._page("refused", 405, message=REFUSED[0], detail=REFUSED[1])
        if (request.content_length or 0) > MAX_BODY:
            return self._page("refused", 413, message=REFUSED[0], detail=REFUSED[1])
        token = (request.form.get("t") if request.method == "POST" else request.args.get("t")) or ""
        token = token.strip()[:512]
        digest = token_hash(token)
        if not self.limiter.allow(digest):
            log.warning("confirm rate-limited", token=digest)
            return self._page("refused", 429, message="点得太多了", detail="请过一会儿再试。")
        try:
            claim = read_token(self.keys, token, self.today())
            target = self.targets(claim.community)
            if target is None:
                raise TokenRefused("unknown community")
            if request.method == "POST" and not any(
                hmac.compare_digest(request.form.get("f", ""), form_key(k, token)) for k in self.keys
            ):
                raise TokenRefused("form key")
            return self._serve(request, claim, target, token, digest)
        except (TokenRefused, KeyError) as exc:
            log.warning("confirm refused", token=digest, reason=type(exc).__name__)
            return self._page("refused", 403, message=REFUSED[0], detail=REFUSED[1])
        except WorkbookError as exc:
            log.error("confirm failed", token=digest, **log.error_fields(exc))
            return self._page("refused", 503, message="暂时记不上", detail="表格暂时打不开，请过几分钟再点一次。")

    def _serve(
        self, request: flask.Request, claim: Claim, target: ContactAppender, token: str, digest: str
    ) -> flask.Response:
        today = self.today()
        context = confirm_page(target, claim, today)
        form = {"token": token, "form_key": form_key(self.keys[0], token)}
        if request.method == "GET":
            return self._page("form", 200, title=context["label"], **context, **form)
        try:
            outcome = record_confirmation(target, claim, request.form.to_dict(), today, self.now())
        except FormError as exc:
            return self._page("form", 400, title=context["label"], error=str(exc), **context, **form)
        state = "missed" if outcome.mode is None and outcome.status == "written" else outcome.status
        log.info("confirm recorded", token=digest, kind=claim.kind, result=outcome.status)
        message, detail = DONE[state]
        return self._page("done", 200, title=context["label"], message=message, detail=detail)

    def _page(self, state: str, status: int, **context: Any) -> flask.Response:
        context.setdefault("title", "三有")
        context.setdefault("error", None)
        html = environment().get_template("confirm_page.html").render(state=state, **context)
        import flask

        response = flask.Response(html, status=status, content_type="text/html; charset=utf-8")
        response.headers.update(HEADERS)
        return response


def confirm_service(config: Config) -> ConfirmService:
    """The service of the deployment's own workbooks (COMMUNITIES, SANYOU_WORKBOOK) and CONFIRM_KEY."""
    from functions.adapters.confirm_targets import targets_by_tag

    allowed = list(config.communities) + ([config.workbook] if config.workbook else [])
    return ConfirmService(
        list(config.confirm_keys),
        targets_by_tag(allowed, config.sheets_emulator_host),
        community_today,
        lambda: community_now().replace(tzinfo=None),
    )


def links_for(config: Config) -> ConfirmLinks | None:
    """The one-tap links of the volunteers' lists when CONFIRM_BASE_URL and CONFIRM_KEY are set."""
    if config.confirm_base_url and config.confirm_keys:
        return ConfirmLinks(config.confirm_base_url, config.confirm_keys[0])
    return None
