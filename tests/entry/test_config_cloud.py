"""In the cloud, a job that mails must have a mail server: an instance's outbox folder is read by nobody."""

import pytest

from functions.entry.config import ConfigError, load_config


def test_a_cloud_job_without_smtp_host_refuses_to_start():
    with pytest.raises(ConfigError, match="SMTP_HOST"):
        load_config({"K_SERVICE": "sanyou-nightly", "FUNCTION_TARGET": "nightly_event"})


def test_dispatch_and_local_runs_need_no_mail_server():
    assert load_config({"K_SERVICE": "sanyou-dispatch", "FUNCTION_TARGET": "dispatch"}).workbook is None
    assert load_config({}).outbox_or("outbox") == "outbox"  # local: the folder where make demo shows the mail
    assert load_config({"MAIL_OUTBOX": "/srv/mail"}).outbox_or("outbox") == "/srv/mail"
    assert (
        load_config(
            {"K_SERVICE": "sanyou-nightly", "FUNCTION_TARGET": "nightly", "SMTP_HOST": "smtp.example.cn"}
        ).log_level
        == "INFO"
    )
