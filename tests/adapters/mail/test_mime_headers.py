"""The MIME message is what the standard library's default policy writes, and reads back whole."""

from __future__ import annotations

import datetime as dt
import random
import string
from email import message_from_bytes
from email.message import Message
from email.policy import compat32, default

from functions.adapters.mail.mime import message_bytes, to_email_message
from functions.adapters.mail.policy import plain_headers
from functions.digest.render import compose_digests
from functions.domain.model import Attachment, InlineImage, OutgoingMail
from tests.support.digest_sample import sample_link, sample_night

NOW = dt.datetime(2026, 11, 29, 6, 0, tzinfo=dt.UTC)
SENDER = "三有提醒 <sanyou@example.cn>"
PNG = bytes(range(256)) * 40
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 100


def _night_mails() -> list[OutgoingMail]:
    night = sample_night("shuji@example.cn, 王主任 <wang.zhuren.community-office@example.org.cn>")
    args = (night.alerts, night.problem_rows, night.parsed, night.settings, night.today, sample_link, "工作簿")
    mails = compose_digests(*args)
    cards = OutgoingMail(
        "2026-11-29|cards|shuji@example.cn",
        "cards",
        "张书记 <shuji@example.cn>",
        "【三有】爱心联系卡 · 2026年11月（第 1–4 位老人，请打印后张贴在老人家门口）",
        "附件是本月的爱心联系卡。",
        "<p>附件是本月的<b>爱心联系卡</b>。</p>",
        images=(InlineImage("chart@sanyou", PNG),),
        attachments=(Attachment("爱心联系卡-2026年11月.pdf", PDF),),
    )
    return [*mails, cards]


def test_every_night_mail_is_byte_for_byte_what_compat32_writes():
    mails = _night_mails()
    assert len(mails) >= 3
    for mail in mails:
        message = to_email_message(mail, SENDER, NOW)
        assert message.as_bytes() == message.as_bytes(policy=compat32), mail.identity
        assert message_bytes(message) == message.as_bytes(), mail.identity
        assert message.as_string() == message.as_string(policy=compat32)
        assert message.as_string(maxheaderlen=40) == message.as_string(policy=compat32, maxheaderlen=40)


def test_the_boundary_never_occurs_inside_a_part_and_the_mail_reads_back():
    mail = _night_mails()[-1]
    raw = to_email_message(mail, SENDER, NOW).as_bytes()
    parsed = message_from_bytes(raw, policy=default)
    boundaries = {part.get_boundary() for part in parsed.walk() if part.is_multipart()}
    assert len(boundaries) == 3 and all("_" in b for b in boundaries)
    for boundary in boundaries:
        assert raw.count(f"--{boundary}--".encode()) == 1
    assert str(parsed["Subject"]) == mail.subject
    assert parsed.get_body(("plain",)).get_content() == mail.text
    attachment = next(parsed.iter_attachments())
    assert attachment.get_filename() == "爱心联系卡-2026年11月.pdf" and attachment.get_content() == PDF


def test_headers_written_directly_match_email_header_on_random_values():
    rng = random.Random(20261201)
    alphabet = string.printable + "张 ;,\t"
    checked = 0
    for _ in range(20_000):
        name = rng.choice(["Content-Type", "To", "X-Long-Header-Name-For-Folding"])
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
        if rng.random() < 0.5:
            value = " ".join(value.split())
        limit = rng.choice([78, 40, 0, None])  # as_string(maxheaderlen=…) clones the policy with another limit
        ours, standard = plain_headers.clone(max_line_length=limit), compat32.clone(max_line_length=limit)
        for fold in ("fold", "fold_binary"):
            assert _outcome(ours, fold, name, value) == _outcome(standard, fold, name, value), (name, value, limit)
        checked += 1
    assert checked == 20_000


def _outcome(policy, fold: str, name: str, value: str) -> object:
    try:
        return getattr(policy, fold)(name, value)
    except Exception as exc:  # the same refusal (an embedded header) either way
        return type(exc)


def test_text_parts_are_byte_for_byte_what_mimetext_writes():
    from email.mime.text import MIMEText

    from functions.adapters.mail.mime import _text_part

    rnd = random.Random(17)
    alphabet = "ab 中文字符，。\n\r\t😀é<>&=_" + string.ascii_letters
    texts = ["", "a", "中", "\n", "x" * 57, "x" * 58, "长" * 19, "长" * 20, "line\r\nline\n"]
    texts += [m.html for m in _night_mails()] + [m.text for m in _night_mails()]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 2000))) for _ in range(200)]
    for text in texts:
        for subtype in ("plain", "html"):
            ours, theirs = _text_part(text, subtype), MIMEText(text, subtype, "utf-8", policy=plain_headers)
            assert ours.as_bytes() == theirs.as_bytes()
            assert message_bytes(ours) == theirs.as_bytes()
            assert ours.as_bytes(policy=default) == theirs.as_bytes(policy=default)
            assert ours.get_payload(decode=True).decode("utf-8") == text


def test_message_bytes_are_as_bytes_for_bodies_with_any_line_ends():
    rnd = random.Random(29)
    alphabet = "ab 中文\n\r\t=_" + string.ascii_letters
    for _ in range(300):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 400)))
        for cte in ("7bit", "8bit", "quoted-printable"):
            message = to_email_message(OutgoingMail("x", "volunteer", "a@b.cn", "主题", text, text), SENDER, NOW)
            body = message.get_payload()[0]
            body.replace_header("Content-Transfer-Encoding", cte)
            body.set_payload(text)  # as given, CRs and all: the line-by-line path must still be taken
            assert _written(message_bytes, message) == _written(Message.as_bytes, message), (cte, text)


def _written(write, message) -> object:
    try:
        return write(message)
    except UnicodeError as exc:  # 7bit with Chinese in it: refused alike
        return type(exc)
