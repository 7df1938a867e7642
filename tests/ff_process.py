"""Start functions-framework as a real process on a free loopback port, and stop it again."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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

    def __init__(self, target: str, env: dict[str, str] | None = None, workers: int = 1) -> None:
        self.target = target
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SANYOU_", "COMMUNITIES", "SMTP_"))}
        full_env.update({"PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONUNBUFFERED": "1",
                         "WORKERS": str(workers), "THREADS": "4"})
        full_env.update(env or {})
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"ff-{target}-{self.port}.log"
        self._log = self.log_path.open("w+b")
        self.process = subprocess.Popen(
            ["functions-framework", "--target", target, "--source", str(REPO / "main.py"),
             "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=REPO, env=full_env, stdout=self._log, stderr=subprocess.STDOUT,
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
def running(target: str, env: dict[str, str] | None = None, workers: int = 1):
    """with running("nightly", env) as fn: requests.post(fn.url, ...)."""
    fn = FunctionProcess(target, env, workers)
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


def pubsub_cloudevent(message: dict, topic: str, message_id: str, structured: bool = False) -> tuple[dict, bytes]:
    """Headers and body of the CloudEvent Pub/Sub push delivers (MessagePublishedData), binary or structured."""
    import json

    data = {
        "message": {**message, "messageId": message_id, "publishTime": "2026-11-28T22:30:00.000Z"},
        "subscription": topic.replace("/topics/", "/subscriptions/") + "-sub",
    }
    attrs = {
        "id": message_id,
        "source": f"//pubsub.googleapis.com/{topic}",
        "type": "google.cloud.pubsub.topic.v1.messagePublished",
        "specversion": "1.0",
        "time": "2026-11-28T22:30:00Z",
    }
    if structured:
        body = {**attrs, "datacontenttype": "application/json", "data": data}
        return {"Content-Type": "application/cloudevents+json"}, json.dumps(body).encode()
    headers = {f"ce-{k}": v for k, v in attrs.items()}
    headers["Content-Type"] = "application/json"
    return headers, json.dumps(data).encode()
