"""The cron lines and systemd units in ops/ that run the jobs every morning: well-formed, and they really run."""

from __future__ import annotations

import configparser
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.backends import make_xlsx
from tests.support.job_community import community

REPO = Path(__file__).resolve().parents[2]
OPS = REPO / "ops"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "SANYOU_", "MAIL_"))}
    return env | extra


def _cron_lines() -> list[str]:
    return [line for line in (OPS / "crontab").read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]


def test_crontab_runs_nightly_every_morning_and_monthly_on_the_first():
    schedules = [line.split()[:5] for line in _cron_lines()]
    assert schedules == [["30", "6", "*", "*", "*"], ["0", "7", "1", "*", "*"]]
    assert all("%" not in line for line in _cron_lines())  # cron would cut the command at a bare %


def test_each_crontab_command_runs_on_a_workbook(tmp_path):
    folder = tmp_path / "sanyou"
    folder.mkdir()
    made = make_xlsx(folder, community())
    Path(made.location).rename(folder / "三有.xlsx")
    for line in _cron_lines():
        command = " ".join(line.split()[5:])
        command = command.replace("/srv/sanyou", str(folder)).replace("/opt/sanyou", str(REPO))
        command = command.replace(".venv/bin/python", shlex.quote(sys.executable))
        done = subprocess.run(["sh", "-c", command], env=_env(), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (command, done.stderr)
    log = (folder / "sanyou.log").read_text(encoding="utf-8")
    assert " nightly：" in log and " monthly：" in log and "已写入：问题清单、提醒、运行记录" in log
    assert list((folder / "outbox").glob("*secretary*.eml"))


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((OPS / name).read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize(
    ("job", "calendar"), [("nightly", "*-*-* 06:30:00 Asia/Shanghai"), ("monthly", "*-*-01 07:00:00 Asia/Shanghai")]
)
def test_systemd_timer_starts_its_service_at_beijing_time(job, calendar):
    timer = _unit(f"sanyou-{job}.timer")
    assert timer["Timer"]["OnCalendar"] == calendar and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert "Unit" not in timer["Timer"]  # the timer starts the service of the same name
    service = _unit(f"sanyou-{job}.service")
    assert service["Service"]["Type"] == "oneshot" and service["Service"]["EnvironmentFile"] == "/etc/sanyou.env"
    assert service["Service"]["ExecStart"].startswith(f"/opt/sanyou/.venv/bin/python -m functions {job} ")


def test_systemd_service_command_runs_with_the_environment_file(tmp_path):
    made = make_xlsx(tmp_path, community())
    env_file = tmp_path / "sanyou.env"
    env_file.write_text(f"SANYOU_WORKBOOK={made.location}\n", encoding="utf-8")
    service = _unit("sanyou-nightly.service")["Service"]
    settings = dict(line.split("=", 1) for line in env_file.read_text(encoding="utf-8").splitlines())
    argv = shlex.split(service["ExecStart"].replace("/var/lib/sanyou", str(tmp_path)))
    argv[0] = sys.executable  # /opt/sanyou/.venv/bin/python
    cwd = service["WorkingDirectory"].replace("/opt/sanyou", str(REPO))
    done = subprocess.run(argv, cwd=cwd, env=_env(**settings), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已写入：问题清单、提醒、运行记录" in done.stdout and list((tmp_path / "outbox").glob("*.eml"))
