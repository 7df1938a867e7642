"""`python -m functions serve`: the one-tap confirmation page for a local workbook, on the community's network."""

from __future__ import annotations

import flask
from werkzeug.serving import WSGIRequestHandler, run_simple

from functions.adapters.confirm_targets import targets_by_tag
from functions.domain.clock import community_now, community_today
from functions.entry.confirm_http import ConfirmService


def confirm_app(workbook: str, keys: list[bytes], sheets_emulator_host: str | None = None) -> flask.Flask:
    """A Flask app answering /confirm for one workbook (writes are serialised by the workbook lock)."""
    service = ConfirmService(
        keys,
        targets_by_tag([workbook], sheets_emulator_host),
        community_today,
        lambda: community_now().replace(tzinfo=None),
    )
    app = flask.Flask("sanyou-confirm")
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024

    @app.route("/confirm", methods=["GET", "POST"])
    def confirm() -> flask.Response:
        return service.handle(flask.request)

    @app.route("/")
    def home() -> tuple[str, int]:
        return "三有 一键确认服务正在运行。", 200

    return app


class QuietHandler(WSGIRequestHandler):
    """werkzeug's request log without the query string: the token in a link never reaches a log."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = self.path.split("?", 1)[0]
        self.log("info", '"%s %s" %s %s', self.command, path, code, size)


def serve(workbook: str, keys: list[bytes], host: str, port: int) -> None:
    """Serve until interrupted (one request at a time)."""
    run_simple(
        host, port, confirm_app(workbook, keys), threaded=False, use_reloader=False, request_handler=QuietHandler
    )
