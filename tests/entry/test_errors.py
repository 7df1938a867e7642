"""One error family and one table: the CLI's exit code and the HTTP status come from the same row."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import functions
from functions.domain.errors import SanyouError
from functions.domain.workbook import WorkbookChanged, WorkbookError, WorkbookUnavailable
from functions.entry.errors import UNEXPECTED, cli_failure, failure_for, http_failure
from functions.entry.events import BadJobRequest, MalformedEvent
from functions.jobs.run import MonthNotReady


def _our_exception_classes() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(functions.__path__, "functions."):
        if info.name.startswith("functions.demo") or info.name == "functions.__main__":
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == info.name:
                found.append(cls)
    return found


def test_every_error_we_raise_on_purpose_shares_one_base():
    classes = _our_exception_classes()
    assert len(classes) >= 10
    assert [c.__name__ for c in classes if not issubclass(c, SanyouError)] == []


def test_a_request_that_cannot_run_is_a_usage_error_everywhere():
    for exc in (MonthNotReady("2026-11 还没有结束"), BadJobRequest("缺少 workbook"), MalformedEvent("没有数据")):
        assert cli_failure(exc)[0] == 2 and http_failure("nightly", exc)[0] == 400
        assert not failure_for(exc).redeliver


def test_passing_trouble_is_retried_and_a_missing_workbook_is_not():
    assert http_failure("nightly", WorkbookChanged("x"))[0] == 503 and failure_for(WorkbookChanged("x")).redeliver
    assert failure_for(WorkbookUnavailable("配额")).redeliver
    gone = WorkbookError("找不到工作簿文件")
    assert http_failure("nightly", gone) == (502, "打不开工作簿：找不到工作簿文件")
    assert cli_failure(gone) == (1, "错误：找不到工作簿文件") and not failure_for(gone).redeliver


def test_a_bug_never_shows_its_message_over_http():
    status, message = http_failure("monthly", KeyError("王大妈 13800001111"))
    assert failure_for(KeyError()) is UNEXPECTED and status == 500
    assert "13800001111" not in message and "KeyError" in message
