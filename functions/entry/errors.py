"""One table from an error to the CLI's exit code, the HTTP status and whether a Pub/Sub delivery is retried."""

from __future__ import annotations

from dataclasses import dataclass

from functions.domain.date_range import UnsupportedDate
from functions.domain.errors import SanyouError
from functions.domain.schema import SchemaError
from functions.domain.workbook import WorkbookChanged, WorkbookError, WorkbookUnavailable
from functions.entry.config import ConfigError
from functions.entry.dispatch import PublishError
from functions.entry.events import BadJobRequest
from functions.jobs.archive import ArchiveRefused
from functions.jobs.cards_print import UnknownElders
from functions.jobs.run import MonthNotReady

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Failure:
    """How each entry point answers one kind of error."""

    exit_code: int
    http_status: int  # 4xx: retrying cannot help; 5xx: Cloud Scheduler retries
    redeliver: bool  # a Pub/Sub job raises (the message comes again) or logs and acknowledges it
    cli_text: str  # {} is the error's own message
    http_text: str


# First match wins: subclasses before their bases.
FAILURES: tuple[tuple[type[Exception], Failure], ...] = (
    (BadJobRequest, Failure(EXIT_USAGE, 400, False, "错误：{}", "{}")),
    (MonthNotReady, Failure(EXIT_USAGE, 400, False, "错误：{}", "{}")),
    (ArchiveRefused, Failure(EXIT_USAGE, 400, False, "错误：{}", "{}")),
    (UnknownElders, Failure(EXIT_USAGE, 400, False, "错误：{}", "{}")),
    (UnsupportedDate, Failure(EXIT_USAGE, 400, False, "错误：{}", "{}")),
    (WorkbookChanged, Failure(EXIT_FAILED, 503, True, "错误：{}", "工作簿在运行中被修改，稍后会自动重试：{}")),
    (WorkbookUnavailable, Failure(EXIT_FAILED, 502, True, "错误：{}", "打不开工作簿：{}")),
    # not shared, deleted, not a workbook: retrying a Pub/Sub message for 7 days cannot help
    (WorkbookError, Failure(EXIT_FAILED, 502, False, "错误：{}", "打不开工作簿：{}")),
    (SchemaError, Failure(EXIT_FAILED, 500, True, "错误：表结构定义有误 / schema error: {}", "{}")),
    (ConfigError, Failure(EXIT_FAILED, 500, True, "错误：{}", "{}")),
    (PublishError, Failure(EXIT_FAILED, 500, True, "错误：{}", "{}")),
    (SanyouError, Failure(EXIT_FAILED, 500, True, "错误：{}", "{}")),
)
UNEXPECTED = Failure(EXIT_FAILED, 500, True, "错误：{}", "任务 {job} 出错（{kind}），会自动重试；请查看运行日志")


def failure_for(exc: BaseException) -> Failure:
    """The row for this error; UNEXPECTED for a bug (its message may quote a cell: never shown over HTTP)."""
    return next((failure for kind, failure in FAILURES if isinstance(exc, kind)), UNEXPECTED)


def http_failure(job: str, exc: Exception) -> tuple[int, str]:
    """HTTP status and a person's message."""
    failure = failure_for(exc)
    if failure is UNEXPECTED:
        return failure.http_status, failure.http_text.format(job=job, kind=type(exc).__name__)
    return failure.http_status, failure.http_text.format(exc)


def cli_failure(exc: SanyouError) -> tuple[int, str]:
    """Exit code and the one line the CLI prints to stderr."""
    failure = failure_for(exc)
    return failure.exit_code, failure.cli_text.format(exc)
