"""python -m devtools.sheets_fake --port 8931 [--spreadsheet ID]: run the fake Sheets API by hand."""

from __future__ import annotations

import argparse

from .server import FakeState, make_server


def main() -> None:
    """Serve until Ctrl-C."""
    parser = argparse.ArgumentParser(
        prog="python -m devtools.sheets_fake", description="离线的 Google 表格 API (v4) 模拟服务，用于测试。"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument(
        "--spreadsheet", action="append", default=[], metavar="ID", help="先建一个空表格，ID 为此值（可多次使用）"
    )
    parser.add_argument("--latency", type=float, default=0.0, help="每个请求的延迟秒数")
    parser.add_argument("--quota", type=int, default=None, help="每分钟读、写请求各自的上限")
    args = parser.parse_args()
    state = FakeState(latency=args.latency, quota_per_minute=args.quota)
    for spreadsheet_id in args.spreadsheet:
        state.new_book("三有工作簿", spreadsheet_id).add_sheet("Sheet1")
    server = make_server(state, args.host, args.port)
    print(f"模拟表格服务已启动：export SHEETS_EMULATOR_HOST={args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
