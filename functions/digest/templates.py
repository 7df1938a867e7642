"""The Jinja2 environment of our templates, with compiled templates kept between runs."""

from __future__ import annotations

import logging
from functools import lru_cache

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket

from functions.domain.paths import TEMPLATE_DIR

log = logging.getLogger(__name__)


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates (a private folder in the temp directory, checked against each
    template's source): compiling the digests' four templates took 0.12 s of every night. A cache that
    cannot be written only costs that time again; it never fails a run."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            log.info("compiled templates not kept (%s)", type(exc).__name__)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError as exc:  # an unreadable file: compiled again from the template
            log.info("compiled templates not read (%s)", type(exc).__name__)


def _compiled_templates() -> CompiledTemplates | None:
    try:
        return CompiledTemplates()  # jinja2 makes its folder 0700 and refuses one another user owns
    except (OSError, RuntimeError) as exc:
        log.info("no folder for compiled templates (%s)", type(exc).__name__)
        return None


@lru_cache(maxsize=2)
def environment(keep_trailing_newline: bool = True) -> Environment:
    """The template environment: HTML templates autoescaped, text templates not."""
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        auto_reload=False,  # the templates ship with the code: no stat of three files for each of 237 mails
        bytecode_cache=_compiled_templates(),
    )
