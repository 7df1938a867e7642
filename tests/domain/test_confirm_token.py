"""One-tap tokens: bound to community, volunteer, elder, kind and day; three days valid; keys rotate."""

from __future__ import annotations

import datetime as dt

import pytest

from functions.domain.confirm_token import Claim, TokenRefused, community_tag, make_token, read_token, token_hash

KEY, OLD_KEY = b"k" * 32, b"o" * 32
ISSUED = dt.date(2026, 11, 29)
CLAIM = Claim(community_tag("gsheets:abc"), "V001", "E0001", "visit", ISSUED)


def test_a_token_reads_back_as_its_claim_on_each_of_its_three_days():
    token = make_token(KEY, CLAIM)
    for day in (ISSUED, ISSUED + dt.timedelta(days=1), ISSUED + dt.timedelta(days=2)):
        assert read_token([KEY], token, day) == CLAIM


@pytest.mark.parametrize("day", [ISSUED - dt.timedelta(days=1), ISSUED + dt.timedelta(days=3)])
def test_a_token_is_refused_before_it_was_issued_and_after_three_days(day):
    with pytest.raises(TokenRefused):
        read_token([KEY], make_token(KEY, CLAIM), day)


def test_every_altered_character_is_refused():
    token = make_token(KEY, CLAIM)
    for i in range(len(token)):
        if token[i] == ".":
            continue
        altered = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
        with pytest.raises(TokenRefused):
            read_token([KEY], altered, ISSUED)


def test_another_elder_or_kind_cannot_be_swapped_into_a_signed_token():
    token = make_token(KEY, CLAIM)
    other = make_token(KEY, Claim(CLAIM.community, "V001", "E0002", "phone", ISSUED))
    spliced = other.split(".")[0] + "." + token.split(".")[1]
    with pytest.raises(TokenRefused):
        read_token([KEY], spliced, ISSUED)


def test_yesterdays_links_stay_valid_after_the_key_is_rotated():
    token = make_token(OLD_KEY, CLAIM)
    assert read_token([KEY, OLD_KEY], token, ISSUED + dt.timedelta(days=1)) == CLAIM
    with pytest.raises(TokenRefused):
        read_token([KEY], token, ISSUED)


@pytest.mark.parametrize("junk", ["", ".", "abc", "a.b.c", "!!!.???", "x" * 600])
def test_junk_is_refused_not_crashed(junk):
    with pytest.raises(TokenRefused):
        read_token([KEY], junk, ISSUED)


def test_the_token_carries_codes_only_and_logs_carry_its_hash():
    token = make_token(KEY, CLAIM)
    assert "张" not in token and "abc" not in token  # no names; the workbook only as a tag
    assert token_hash(token) != token and len(token_hash(token)) == 16


def test_a_local_workbook_is_the_same_community_wherever_it_is_opened_from():
    assert community_tag("demo/社区.xlsx") == community_tag("/srv/sanyou/社区.xlsx")
    assert community_tag("gsheets:abc") != community_tag("gsheets:abd")
