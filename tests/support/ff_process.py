"""Start functions-framework as a real process on a free loopback port, and stop it again."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support import TODAY

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT = 20.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class FunctionProcess:
    """A running `functions-framework --target T --source main.py` on 127.0.0.1."""

    def __init__(
        self, target: str, env: dict[str, str] | None = None, workers: int = 1, source_dir: Path = REPO
    ) -> None:
        self.target = target
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SANYOU_", "COMMUNITIES", "SMTP_"))}
        full_env.update(
            {
                "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
                "PYTHONUNBUFFERED": "1",
                "WORKERS": str(workers),
                "THREADS": "4",
            }
        )
        full_env.update(env or {})
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"ff-{target}-{self.port}.log"
        self._log = self.log_path.open("w+b")
        self.process = subprocess.Popen(
            [
                "functions-framework",
                "--target",
                target,
                "--source",
                str(source_dir / "main.py"),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=source_dir,
            env=full_env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_listening(self) -> FunctionProcess:
        """Block until the port accepts connections; RuntimeError with the output if the process died."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"functions-framework {self.target} exited:\n{self.output()}")
            if _listening(self.port):
                return self
            time.sleep(0.05)
        raise RuntimeError(f"functions-framework {self.target} did not listen in {START_TIMEOUT}s:\n{self.output()}")

    def output(self) -> str:
        """Everything the process printed so far."""
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Terminate this process (and only it)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@contextmanager
def running(target: str, env: dict[str, str] | None = None, workers: int = 1, source_dir: Path = REPO):
    """with running("nightly", env) as fn: requests.post(fn.url, ...); source_dir holds main.py."""
    fn = FunctionProcess(target, env, workers, source_dir)
    try:
        yield fn.wait_until_listening()
    finally:
        fn.stop()


def start_many(targets: list[tuple[str, dict[str, str]]]) -> list[FunctionProcess]:
    """Start several processes at once (in parallel) and wait for all of them."""
    started = [FunctionProcess(target, env) for target, env in targets]
    try:
        for fn in started:
            fn.wait_until_listening()
    except Exception:
        for fn in started:
            fn.stop()
        raise
    return started


# --- a tiny Pub/Sub REST endpoint (the emulator convention: PUBSUB_EMULATOR_HOST, no auth) ---------


class FakePubSub:
    """Answers POST /v1/projects/P/topics/T:publish on 127.0.0.1 and keeps every message it got."""

    def __init__(self, fail_with: int | None = None) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        fake = self
        self.published: list[tuple[str, dict]] = []  # (topic, message)
        self.requests = 0
        self.fail_with = fail_with
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                import json

                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                path = self.path
                with fake._lock:
                    fake.requests += 1
                    if fake.fail_with or not (path.startswith("/v1/projects/") and path.endswith(":publish")):
                        status, answer = fake.fail_with or 404, {"error": {"message": "no"}}
                    else:
                        topic = path[len("/v1/") : -len(":publish")]
                        ids = []
                        for message in body.get("messages", []):
                            ids.append(str(len(fake.published) + 1))
                            fake.published.append((topic, message))
                        status, answer = 200, {"messageIds": ids}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.host = f"127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakePubSub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def pubsub_cloudevent(
    message: dict, topic: str, message_id: str, structured: bool = False, sent: dt.datetime | None = None
) -> tuple[dict, bytes]:
    """Headers and body of the CloudEvent Pub/Sub push delivers (MessagePublishedData), binary or structured."""
    import json

    stamp = (sent or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    data = {
        "message": {**message, "messageId": message_id, "publishTime": stamp},
        "subscription": topic.replace("/topics/", "/subscriptions/") + "-sub",
    }
    attrs = {
        "id": message_id,
        "source": f"//pubsub.googleapis.com/{topic}",
        "type": "google.cloud.pubsub.topic.v1.messagePublished",
        "specversion": "1.0",
        "time": stamp,
    }
    if structured:
        body = {**attrs, "datacontenttype": "application/json", "data": data}
        return {"Content-Type": "application/cloudevents+json"}, json.dumps(body).encode()
    headers = {f"ce-{k}": v for k, v in attrs.items()}
    headers["Content-Type"] = "application/json"
    return headers, json.dumps(data).encode()


# --- a small, realistic community workbook (used when functions.demo.make is not available) -------------

HEALTH_NOTE = "糖尿病，每天注射胰岛素"  # sensitive: must never leave the sheet


def _by_header(title: str, records: list[dict]) -> list[list]:
    from functions.domain.schema import default_schema

    headers = default_schema()[title].headers
    return [[record.get(h) for h in headers] for record in records]


def community_rows(name: str, today) -> dict[str, list[list]]:
    """A few elders, volunteers and contacts: one elder long unvisited, one bad birth date, a secretary."""
    import datetime as dt

    day = dt.timedelta(days=1)
    elders = [
        {
            "编号": "E0001",
            "姓名": "王秀英",
            "性别": "女",
            "出生日期": dt.date(1941, 3, 8),
            "楼栋": "3栋",
            "房号": "402",
            "联系电话": "13812345678",
            "类别": "独居",
            "关爱等级": "高",
            "结对志愿者": "V001",
            "联系卡": "已发放",
            "状态": "在家",
            "健康备注": HEALTH_NOTE,
        },
        {
            "编号": "E0002",
            "姓名": "李建国",
            "性别": "男",
            "出生日期": "2025-13-01",
            "楼栋": "5栋",
            "房号": "101",
            "联系电话": "028-8765 4321",
            "类别": "空巢",
            "关爱等级": "中",
            "结对志愿者": "V002",
            "联系卡": "已发放",
            "状态": "在家",
        },
        {
            "编号": "E0003",
            "姓名": "张桂兰",
            "性别": "女",
            "出生日期": dt.date(1950, 9, 9),
            "楼栋": "5栋",
            "房号": "302",
            "联系电话": "13987654321",
            "类别": "失独",
            "关爱等级": "低",
            "结对志愿者": "V002",
            "联系卡": "未发放",
            "状态": "在家",
        },
    ]
    volunteers = [
        {
            "编号": "V001",
            "姓名": "陈志强",
            "联系电话": "13700001111",
            "邮箱": "chen@example.org",
            "党员": "是",
            "服务队": "金芙蓉",
            "状态": "在岗",
            "加入日期": dt.date(2023, 5, 1),
        },
        {
            "编号": "V002",
            "姓名": "刘芳",
            "联系电话": "13700002222",
            "邮箱": "liu@example.org",
            "党员": "否",
            "服务队": "网格微家",
            "状态": "在岗",
            "加入日期": dt.date(2024, 2, 10),
        },
    ]
    contacts = [
        {
            "日期": today - 40 * day,
            "老人编号": "E0001",
            "志愿者编号": "V001",
            "方式": "上门走访",
            "时长(分钟)": 30,
            "缺少陪伴": "经常",
            "被冷落": "有时",
            "与人隔绝": "经常",
            "情况记录": "腿脚不便",
            "需跟进": "是",
        },
        {
            "日期": today - 3 * day,
            "老人编号": "E0002",
            "志愿者编号": "V002",
            "方式": "电话问候",
            "时长(分钟)": 10,
            "缺少陪伴": "有时",
            "被冷落": "几乎没有",
            "与人隔绝": "几乎没有",
            "需跟进": "否",
        },
        {
            "日期": today - 5 * day,
            "老人编号": "E0003",
            "志愿者编号": "V002",
            "方式": "上门走访",
            "时长(分钟)": 45,
            "缺少陪伴": "几乎没有",
            "被冷落": "几乎没有",
            "与人隔绝": "有时",
            "需跟进": "否",
        },
    ]
    from functions.domain.guide import settings_rows

    settings = [list(r) for r in settings_rows()]
    for row in settings:
        if row[0] == "社区名称":
            row[1] = name
        if row[0] == "书记邮箱":
            row[1] = "shuji@example.org"
    return {
        "老人档案": _by_header("老人档案", elders),
        "志愿者": _by_header("志愿者", volunteers),
        "走访记录": _by_header("走访记录", contacts),
        "设置": settings,
    }


def make_community(path, name: str, today) -> str:
    """Write a community workbook at path and return the path as text."""
    from functions.adapters.xlsx.layout import create_workbook

    create_workbook(path, community_rows(name, today))
    return str(path)


TOPIC = "projects/sanyou-test/topics/sanyou-jobs"


def job_event(book_path: str, job: str = "nightly", message_id: str = "1001", structured: bool = False, **extra):
    """A Pub/Sub push CloudEvent asking for one job on one workbook, as dispatch publishes it."""
    body = {"workbook": book_path, "job": job, "today": TODAY.isoformat(), **extra}
    message = {"data": base64.b64encode(json.dumps(body).encode()).decode(), "attributes": {"job": job}}
    return pubsub_cloudevent(message, TOPIC, message_id, structured)


def sheet_rows(path: str, title: str) -> list[tuple]:
    """The non-blank data rows of an .xlsx tab."""
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True)[title]
    return [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)]
