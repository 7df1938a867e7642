"""Benchmark: 10 small demo communities fanned out through real functions-framework processes.

dispatch → fake Pub/Sub (loopback) → each message pushed as a Pub/Sub CloudEvent to its own
nightly_event process (one warm instance per community, as Cloud Functions scales out; each instance
has served one warm-up delivery before the clock starts), beside the
same 10 communities pushed one after another to a single instance. Fresh copies for each run, so
the exactly-once mail ledger never makes the second run cheaper. Everything on 127.0.0.1.

    .venv/bin/python bench/bench_fanout.py [--communities 10] [--today 2026-11-29]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from tests.support.ff_process import FakePubSub, FunctionProcess, pubsub_cloudevent, running, start_many  # noqa: E402

TOPIC = "projects/sanyou-bench/topics/sanyou-jobs"
OUT = REPO / "bench" / "out"


def make_books(folder: Path, count: int, today: dt.date) -> list[str]:
    """count small communities: the demo (functions.demo.make, small scale, seed 7) copied, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    first = folder / "社区01.xlsx"
    try:
        from functions.demo.make import make_demo

        make_demo(first, seed=7, scale="small", today=today, force=True)
    except ImportError:  # before the demo module exists: the tests' small community
        from tests.support.ff_process import make_community

        make_community(first, "社区01", today)
    paths = [str(first)]
    for i in range(2, count + 1):
        paths.append(str(shutil.copy(first, folder / f"社区{i:02d}.xlsx")))
    return paths


def copies(paths: list[str], folder: Path) -> list[str]:
    """Fresh copies of the workbooks in another folder."""
    folder.mkdir(parents=True, exist_ok=True)
    return [str(shutil.copy(p, folder / Path(p).name)) for p in paths]


def push(url: str, topic: str, message: dict, message_id: str) -> tuple[int, float]:
    """Deliver one message as Pub/Sub push would; (status, seconds)."""
    headers, body = pubsub_cloudevent(message, topic, message_id)
    started = time.perf_counter()
    answer = requests.post(url, headers=headers, data=body, timeout=600)
    return answer.status_code, time.perf_counter() - started


def warm_up(urls: list[str], book: str, today: dt.date, work: Path) -> None:
    """One delivery per instance on scratch copies, so imports are paid before the clock starts."""
    from functions.entry.dispatch import build_messages

    scratch = copies([book] * 1, work / "scratch")[0]
    for i, url in enumerate(urls):
        own = str(shutil.copy(scratch, work / "scratch" / f"warm-{i}.xlsx"))
        status, _ = push(url, TOPIC, build_messages([own], "nightly", today)[0], f"warm-{i}")
        assert status == 200, status


def fan_out(books: list[str], today: dt.date, work: Path) -> dict:
    """dispatch → fake Pub/Sub → one warm nightly_event instance per community, all at once."""
    with FakePubSub() as pubsub:
        env = {"COMMUNITIES": ",".join(books), "SANYOU_TOPIC": TOPIC, "PUBSUB_EMULATOR_HOST": pubsub.host}
        started = time.perf_counter()
        instances = start_many(
            [("nightly_event", {"MAIL_OUTBOX": str(work / f"outbox-{i}")}) for i in range(len(books))]
        )
        cold_start = time.perf_counter() - started
        try:
            warm_up([fn.url for fn in instances], books[0], today, work)
            with running("dispatch", env) as dispatcher:
                started = time.perf_counter()
                answer = requests.post(dispatcher.url, json={"job": "nightly", "today": today.isoformat()}, timeout=60)
                answer.raise_for_status()
                with ThreadPoolExecutor(len(instances)) as pool:
                    results = list(
                        pool.map(
                            lambda item: push(instances[item[0]].url, *item[1], str(item[0])),
                            enumerate(pubsub.published),
                        )
                    )
                wall = time.perf_counter() - started
        finally:
            for fn in instances:
                fn.stop()
    return {
        "wall_s": wall,
        "cold_start_all_s": cold_start,
        "statuses": [s for s, _ in results],
        "per_community_s": [t for _, t in results],
        "published": answer.json()["published"],
    }


def one_after_another(books: list[str], today: dt.date, work: Path) -> dict:
    """The same communities through one warm instance, one message at a time."""
    with FakePubSub() as pubsub:
        from functions.entry.dispatch import publish_for_communities

        publish_for_communities(TOPIC, books, "nightly", today, pubsub.host)
        fn = FunctionProcess("nightly_event", {"MAIL_OUTBOX": str(work / "outbox-seq")}).wait_until_listening()
        try:
            warm_up([fn.url], books[0], today, work)
            started = time.perf_counter()
            results = [push(fn.url, topic, message, str(i)) for i, (topic, message) in enumerate(pubsub.published)]
            wall = time.perf_counter() - started
        finally:
            fn.stop()
    return {"wall_s": wall, "statuses": [s for s, _ in results], "per_community_s": [t for _, t in results]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=10)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 29))
    args = parser.parse_args()
    work = OUT / "fanout"
    shutil.rmtree(work, ignore_errors=True)
    started = time.perf_counter()
    books = make_books(work / "books", args.communities, args.today)
    print(f"{len(books)} 个示范社区已生成（{time.perf_counter() - started:.1f} s）", file=sys.stderr)
    parallel = fan_out(copies(books, work / "parallel"), args.today, work)
    serial = one_after_another(copies(books, work / "serial"), args.today, work)
    report = {
        "communities": len(books),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "fan_out": parallel,
        "one_after_another": serial,
        "speed_up": serial["wall_s"] / parallel["wall_s"] if parallel["wall_s"] else None,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "fanout.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"communities: {len(books)} (machine CPUs: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f})")
    print(
        f"fan-out   (dispatch + {len(books)} instances in parallel): {parallel['wall_s']:.2f} s wall, "
        f"statuses {sorted(set(parallel['statuses']))}, "
        f"cold start of all instances {parallel['cold_start_all_s']:.1f} s"
    )
    print(
        f"one after another (one instance):                 {serial['wall_s']:.2f} s wall, "
        f"statuses {sorted(set(serial['statuses']))}, per community max {max(serial['per_community_s']):.2f} s"
    )
    print(f"speed-up: {report['speed_up']:.2f}x")
    ok = set(parallel["statuses"]) == {200} and set(serial["statuses"]) == {200}
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
