"""python -m devtools.feishu_fake --port 8932 [--spreadsheet TOKEN]: run the fake Feishu open API by hand."""

from __future__ import annotations

import argparse

from .server import APP_ID, APP_SECRET, FakeState, make_server


def main() -> None:
    """Serve until Ctrl-C."""
    parser = argparse.ArgumentParser(
        prog="python -m devtools.feishu_fake", description="离线的飞书表格开放接口模拟服务，用于测试。"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8932)
    parser.add_argument(
        "--spreadsheet", action="append", default=[], metavar="TOKEN", help="先建一个空表格（可多次使用）"
    )
    parser.add_argument("--latency", type=float, default=0.0, help="每个请求的延迟秒数")
    parser.add_argument("--quota", type=int, default=None, help="每秒请求上限（超出回 429 / 99991400）")
    args = parser.parse_args()
    state = FakeState(latency=args.latency, quota_per_second=args.quota)
    for token in args.spreadsheet:
        state.new_book("三有工作簿", token)
    server = make_server(state, args.host, args.port)
    print(
        f"模拟飞书服务已启动：export FEISHU_BASE_URL=http://{args.host}:{server.server_address[1]} "
        f"FEISHU_APP_ID={APP_ID} FEISHU_APP_SECRET={APP_SECRET}",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
