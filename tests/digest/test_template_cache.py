"""Compiled templates are kept between runs, checked against their source, and never fail a run."""

from __future__ import annotations

import pytest
from jinja2 import Environment, FileSystemLoader
from jinja2.bccache import bc_magic

from functions.digest.templates import CompiledTemplates, _settings_key, environment


def _env(templates, cache, keep_trailing_newline: bool = False) -> Environment:
    env = Environment(loader=FileSystemLoader(templates), keep_trailing_newline=keep_trailing_newline)
    env.bytecode_cache = CompiledTemplates(str(cache), _settings_key(env))
    return env


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "hello.txt").write_text("{{ name }}，您好：本周还有 {{ n }} 位老人未联系。", encoding="utf-8")
    return folder


def test_a_second_run_uses_the_compiled_template_and_renders_the_same(templates, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    first = _env(templates, cache).get_template("hello.txt").render(name="张阿姨", n=3)
    assert len(list(cache.iterdir())) == 1
    second_env = _env(templates, cache)
    monkeypatch.setattr(Environment, "_parse", lambda *a: pytest.fail("compiled again despite the cache"))
    again = second_env.get_template("hello.txt").render(name="张阿姨", n=3)
    assert again == first == "张阿姨，您好：本周还有 3 位老人未联系。"


def test_an_edited_template_is_compiled_again(templates, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    _env(templates, cache).get_template("hello.txt").render(name="张阿姨", n=3)
    (templates / "hello.txt").write_text("{{ name }}：{{ n }} 位未联系", encoding="utf-8")
    assert _env(templates, cache).get_template("hello.txt").render(name="张阿姨", n=3) == "张阿姨：3 位未联系"


def test_a_junk_cache_file_is_ignored(templates, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    _env(templates, cache).get_template("hello.txt")
    for junk in cache.iterdir():
        junk.write_bytes(b"\x00not a compiled template" * 10)
    rendered = _env(templates, cache).get_template("hello.txt").render(name="李伯", n=0)
    assert rendered == "李伯，您好：本周还有 0 位老人未联系。"


def test_a_cache_file_cut_short_by_a_crash_is_ignored(templates, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    _env(templates, cache).get_template("hello.txt")
    for cut in cache.iterdir():
        cut.write_bytes(cut.read_bytes()[: len(bc_magic) + 3])  # Jinja's header, then a checksum cut short
    rendered = _env(templates, cache).get_template("hello.txt").render(name="李伯", n=2)
    assert rendered == "李伯，您好：本周还有 2 位老人未联系。"


def test_environments_with_other_settings_do_not_share_compiled_templates(templates, tmp_path):
    (templates / "hello.txt").write_text("{{ name }}\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    assert _env(templates, cache, keep_trailing_newline=True).get_template("hello.txt").render(name="张") == "张\n"
    assert _env(templates, cache, keep_trailing_newline=False).get_template("hello.txt").render(name="张") == "张"
    assert len(list(cache.iterdir())) == 2


def test_a_cache_path_that_is_a_file_costs_only_time(templates, tmp_path):
    cache = tmp_path / "not-a-folder"
    cache.write_text("x")
    assert _env(templates, cache).get_template("hello.txt").render(name="李伯", n=1).startswith("李伯")


def test_the_digest_environment_keeps_its_compiled_templates():
    env = environment()
    assert isinstance(env.bytecode_cache, CompiledTemplates)
    assert env.get_template("volunteer.txt") is env.get_template("volunteer.txt")
