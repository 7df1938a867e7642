"""The Jinja2 environment of our templates, with compiled templates kept between runs."""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket

from functions.domain.paths import TEMPLATE_DIR

log = logging.getLogger(__name__)
AUTOESCAPED = ["html"]  # file extensions whose templates are autoescaped


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates (a private folder in the temp directory, checked against each
    template's source): compiling the digests' four templates took 0.12 s of every night. Jinja keys a file
    by the template's name and source only, so the file names here also carry the Jinja version and the
    environment's settings. A cache that cannot be written or read only costs that time again; it never
    fails a run."""

    def __init__(self, directory: str | None = None, settings: str = "") -> None:
        key = hashlib.sha256(f"{jinja2.__version__}|{settings}".encode()).hexdigest()[:16]
        super().__init__(directory, f"__sanyou_{key}_%s.cache")

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            log.info("compiled templates not kept (%s)", type(exc).__name__)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception as exc:  # unreadable, or cut short by a crash (pickle, marshal): compiled again
            bucket.reset()
            log.info("compiled templates not read (%s)", type(exc).__name__)


def _compiled_templates(settings: str) -> CompiledTemplates | None:
    try:
        return CompiledTemplates(settings=settings)  # jinja2 makes its folder 0700, refuses one another user owns
    except (OSError, RuntimeError) as exc:
        log.info("no folder for compiled templates (%s)", type(exc).__name__)
        return None


def _settings_key(env: Environment) -> str:
    """What a compiled template depends on beside its source: the environment's syntax and options."""
    return repr(
        (
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.keep_trailing_newline,
            env.newline_sequence,
            env.optimized,
            sorted(env.extensions),
            AUTOESCAPED,
        )
    )


@lru_cache(maxsize=2)
def environment(keep_trailing_newline: bool = True) -> Environment:
    """The template environment: HTML templates autoescaped, text templates not."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(AUTOESCAPED),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        auto_reload=False,  # the templates ship with the code: no stat of three files for each of 237 mails
    )
    env.bytecode_cache = _compiled_templates(_settings_key(env))
    return env
