"""Fixtures for the Feishu backend: the fake open-API server, an initialised template, the factory branch."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from devtools.feishu_fake import APP_ID, APP_SECRET, FakeFeishu
from functions.domain.workbook import Workbook
from tests.support.backends import Rows, init_feishu_template, make_feishu

MAX_REPLY = 10 * 1024 * 1024


@pytest.fixture(scope="session")
def _feishu_server() -> Iterator[FakeFeishu]:
    fake = FakeFeishu().start()
    yield fake
    fake.stop()


@pytest.fixture
def feishu_fake(_feishu_server: FakeFeishu, monkeypatch: pytest.MonkeyPatch) -> FakeFeishu:
    """The running fake, counters and faults reset, FEISHU_* pointing at it (for the CLI and config)."""
    monkeypatch.setenv("FEISHU_BASE_URL", _feishu_server.base_url)
    monkeypatch.setenv("FEISHU_APP_ID", APP_ID)
    monkeypatch.setenv("FEISHU_APP_SECRET", APP_SECRET)
    _feishu_server.reset()
    _feishu_server.configure(latency=0.0, virtual=False, quota_per_second=None, max_response_bytes=MAX_REPLY)
    return _feishu_server


@pytest.fixture(scope="session")
def _feishu_template(_feishu_server: FakeFeishu) -> str:
    _feishu_server.reset()
    return init_feishu_template(_feishu_server)


def feishu_factory(request: pytest.FixtureRequest) -> Callable[[Rows | None], Workbook]:
    """workbook_factory's "feishu" branch: copies of the template, rows typed in, counters reset."""
    fake = request.getfixturevalue("feishu_fake")
    template = request.getfixturevalue("_feishu_template")
    return lambda rows=None: make_feishu(fake, template, rows)
