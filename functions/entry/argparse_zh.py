"""argparse with its help and errors in Chinese, for the volunteers and secretaries who run the CLI."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from typing import NoReturn

ARGPARSE_WORDS = (  # argparse's messages (Python 3.11), longest first
    ("the following arguments are required:", "缺少必填的参数："),
    ("invalid choice:", "不是可选的值："),
    ("(choose from", "（可选："),
    ("not allowed with argument", "不能和这个参数同时使用："),
    ("expected one argument", "后面要跟一个值"),
    ("unrecognized arguments:", "不认识的参数："),
    ("argument ", "参数 "),
)


def did_you_mean(message: str) -> str:
    """“，您是不是要输入 nightly？” for argparse's invalid-choice message on a near miss (nighty), else ''."""
    found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if not found:
        return ""
    choices = re.findall(r"'([^']*)'", found.group(2))
    close = difflib.get_close_matches(found.group(1).strip().lower(), choices, n=1, cutoff=0.6)
    return f"\n您是不是要输入 {close[0]}？" if close else ""


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help with a Chinese 'usage' line (its section titles are set in ChineseParser)."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 (argparse's own signature)
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors a volunteer can read."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "命令"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示这段帮助并退出")

    def error(self, message: str) -> NoReturn:
        """Usage, then the reason in one line (argparse's own English phrases put into Chinese); exit 2."""
        hint = did_you_mean(message)
        for english, chinese in ARGPARSE_WORDS:
            message = message.replace(english, chinese)
        message += hint
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n")
