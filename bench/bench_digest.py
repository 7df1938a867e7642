"""Full-size night: compose every digest (CPU) and send them all to a local aiosmtpd server (wall time)."""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from smtp_server import start_server  # noqa: E402

from functions.alerts import compute_alerts  # noqa: E402
from functions.mail_ledger import deliver, plan_mail  # noqa: E402
from functions.mail_render import compose_digests  # noqa: E402
from functions.mail_transport import SmtpTransport  # noqa: E402
from functions.model import Parsed, Record  # noqa: E402
from functions.settings import parse_settings  # noqa: E402
from functions.table import Row  # noqa: E402

TODAY = dt.date(2026, 11, 29)
ELDERS, VOLUNTEERS, CONTACT_DAYS = 4000, 300, 400


def synthesise(rng: random.Random) -> Parsed:
    """A community at real scale: 4,000 elders, 300 volunteers, a year of contacts, rota, requests, cases."""
    day = lambda back: TODAY - dt.timedelta(days=back)  # noqa: E731
    vols = [Record(i + 2, {"编号": f"V{i + 1:03d}", "姓名": f"志愿者{i + 1}", "联系电话": f"136{i:08d}",
                           "邮箱": f"v{i + 1}@example.cn" if i % 6 else None, "党员": "是", "服务队": "金芙蓉志愿队",
                           "状态": "在岗" if i % 20 else "暂停", "加入日期": day(900)}) for i in range(VOLUNTEERS)]
    elders, contacts = [], []
    for i in range(ELDERS):
        eid, vid = f"E{i + 1:04d}", f"V{i % VOLUNTEERS + 1:03d}"
        elders.append(Record(i + 2, {"编号": eid, "姓名": f"老人{i + 1}", "性别": "女", "出生日期": day(365 * 80),
                                     "楼栋": f"{i % 60 + 1}栋", "房号": f"{i % 6 + 1}-{i % 30 + 101}",
                                     "联系电话": f"138{i:08d}", "紧急联系人": "家属", "紧急联系电话": "13900000000",
                                     "类别": rng.choice(["独居", "孤寡", "失独", "空巢", "高龄"]),
                                     "关爱等级": rng.choice("高中低"), "走访间隔(天)": None, "结对志愿者": vid,
                                     "联系卡": "已发放", "状态": "在家", "暂停至": None, "健康备注": f"健康情况{i}",
                                     "备注": None}))
        back = rng.randint(0, 20)
        while back < CONTACT_DAYS:
            contacts.append(Record(0, {"日期": day(back), "老人编号": eid, "志愿者编号": vid,
                                       "方式": rng.choice(["上门走访", "电话问候", "电话问候"]), "时长(分钟)": 20,
                                       "缺少陪伴": None, "被冷落": None, "与人隔绝": None, "情况记录": f"情况{back}",
                                       "需跟进": "是" if rng.random() < 0.01 else "否"}))
            back += rng.randint(3, 25)
    contacts.sort(key=lambda c: c["日期"])
    for n, c in enumerate(contacts, start=2):
        c.number = n
    meals = [Record(i + 2, {"日期": day(-(i % 5)), "老人编号": f"E{i % 40 + 1:04d}",
                            "志愿者编号": None if i % 7 == 0 else f"V{i % 50 + 1:03d}", "餐次": "午餐" if i % 2 else "晚餐",
                            "已送达": None}) for i in range(200)]
    requests = [Record(i + 2, {"编号": f"R{i + 1:04d}", "登记日期": day(i % 30), "老人编号": f"E{i * 7 % ELDERS + 1:04d}",
                               "求助人": "本人", "类型": "就医", "描述": "需要陪同", "负责人": f"V{i % VOLUNTEERS + 1:03d}",
                               "状态": "处理中" if i % 3 else "已解决", "解决日期": None}) for i in range(600)]
    cases = [Record(i + 2, {"编号": f"M{i + 1:04d}", "登记日期": day(i % 60 + 1), "类型": "噪音扰民" if i % 5 else "家庭暴力",
                            "楼栋": "3栋", "当事人": "甲乙", "调解人": f"V{i % 40 + 1:03d}", "状态": "调解中",
                            "化解日期": None, "回访日期": None, "情况": "情况"}) for i in range(150)]
    patrols = [Record(i + 2, {"编号": f"P{i + 1:04d}", "发现日期": day(i % 20 + 1), "类型": "飞线充电", "位置": f"{i % 60}栋",
                              "发现人": f"V{i % 80 + 1:03d}", "通知物业日期": day(i % 20), "整改日期": None,
                              "状态": "待整改"}) for i in range(200)]
    return {"老人档案": elders, "志愿者": vols, "走访记录": contacts, "送餐排班": meals, "需求登记": requests,
            "纠纷调解": cases, "安全巡查": patrols}


def main() -> None:
    """Print the figures."""
    parsed = synthesise(random.Random(7))
    settings = parse_settings([Row(2, {"项目": "社区名称", "值": "芙蓉里小区"}),
                               Row(3, {"项目": "书记邮箱", "值": "shuji@example.cn, fushuji@example.cn"})])
    alerts = compute_alerts(parsed, settings, TODAY)
    problems = [["警告", "走访记录", i + 2, "时长(分钟)", "900", "“900”超过 600 分钟", "填 1 到 600", TODAY]
                for i in range(800)]
    link = lambda t, r: f"https://docs.google.com/spreadsheets/d/X/edit#range=A{r}"  # noqa: E731
    cpu = time.process_time()
    mails = compose_digests(alerts, problems, parsed, settings, TODAY, link, "https://docs.google.com/spreadsheets/d/X")
    compose_cpu = time.process_time() - cpu
    controller, recorder, _ = start_server()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        outcomes = deliver(plan_mail(mails, None), SmtpTransport("127.0.0.1", controller.port, tls="none"), "s@example.cn")
        send_wall, send_cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        controller.stop()
    print(f"{len(parsed['走访记录'])} contacts, {len(alerts)} alerts, {len(mails)} mails "
          f"({sum(o.sent for o in outcomes.values())} delivered, {len(recorder.received)} received)")
    print(f"compose every digest: {compose_cpu:.2f} s CPU (budget 2 s)")
    print(f"send over one SMTP connection to local aiosmtpd: {send_wall:.2f} s wall, {send_cpu:.2f} s CPU in this process")


if __name__ == "__main__":
    main()
