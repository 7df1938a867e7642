"""Full-size night: compose every digest (CPU) and send them all to a local aiosmtpd server (wall time)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SOURCE, TODAY, demo_snapshot  # noqa: E402

from functions.adapters.mail.delivery import MailDelivery  # noqa: E402
from functions.adapters.mail.transport import SmtpTransport  # noqa: E402
from functions.care.alerts import compute_alerts  # noqa: E402
from functions.digest.render import compose_digests  # noqa: E402
from functions.jobs.mail_ledger import plan_mail  # noqa: E402
from functions.sheets_out.problems_tab import problem_rows  # noqa: E402
from functions.validation.validate import validate  # noqa: E402
from tests.support.smtp_server import start_server  # noqa: E402


def main() -> None:
    """Print the figures."""
    validation = validate(demo_snapshot(), TODAY)
    parsed, settings = validation.parsed, validation.settings
    alerts = compute_alerts(parsed, settings, TODAY)
    problems = problem_rows(validation.problems, None, TODAY)
    link = lambda t, r: f"https://docs.google.com/spreadsheets/d/X/edit#range=A{r}"  # noqa: E731
    cpu = time.process_time()
    mails = compose_digests(alerts, problems, parsed, settings, TODAY, link, "https://docs.google.com/spreadsheets/d/X")
    compose_cpu = time.process_time() - cpu
    controller, recorder, _ = start_server()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        delivery = MailDelivery(SmtpTransport("127.0.0.1", controller.port, tls="none"), "s@example.cn")
        outcomes = delivery.send(plan_mail(mails, None))
        send_wall, send_cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        controller.stop()
    print(
        f"[{SOURCE}] {len(parsed['走访记录'])} contacts, {len(alerts)} alerts, {len(mails)} mails "
        f"({sum(o.sent for o in outcomes.values())} delivered, {len(recorder.received)} received)"
    )
    print(f"compose every digest: {compose_cpu:.2f} s CPU (budget 2 s)")
    print(
        f"send over one SMTP connection to local aiosmtpd: {send_wall:.2f} s wall, {send_cpu:.2f} s CPU in this process"
    )


if __name__ == "__main__":
    main()
