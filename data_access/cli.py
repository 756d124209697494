"""What every command-line tool of the dashboard shares: Chinese arguments and errors, exit codes, --debug.

A tool defines ``main(args) -> int`` and calls ``run(parser, main)``. A bad
argument, a wrong password, an unreachable store or a refused action prints
one line in Chinese on standard error and exits non-zero; the traceback is
printed only with ``--debug``. Passwords never appear in what is printed.
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import NoReturn

import sqlalchemy as sa

from data_access.redact import mask

EXIT_REFUSED = 1  # the tool ran and refused (store not empty, bad file, store unreachable)
EXIT_USAGE = 2  # the arguments made no sense


class Refused(Exception):
    """The tool refuses an action; the message is the Chinese line the user reads."""


# argparse's own messages, in the order they are tried, and how they read in Chinese.
_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少必需的参数：{0}"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.+)"), "参数 {0} 的值 {2} 无效"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 需要一个值"),
    (re.compile(r"argument (\S+): invalid choice: (\S+).*"), "参数 {0} 的值 {1} 不在可选范围内"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}"),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors and help headings are Chinese."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
        self.add_argument("--debug", action="store_true", help="出错时打印完整的错误追踪，供排查问题")

    def format_help(self) -> str:
        text = super().format_help()
        return text.replace("usage:", "用法：").replace("options:", "选项：").replace("positional arguments:", "参数：")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：")

    def error(self, message: str) -> NoReturn:
        for pattern, chinese in _ARGPARSE_MESSAGES:
            match = pattern.fullmatch(message)
            if match:
                line = chinese.format(*match.groups())
                break
        else:
            line = "参数有误"
        self.exit(EXIT_USAGE, f"{self.prog}：{line}（用 --help 查看用法）\n")


def store_error(error: sa.exc.SQLAlchemyError) -> str:
    """One Chinese line saying why the store could not be used."""
    text = str(error).lower()
    if "password authentication failed" in text or "authentication failed" in text:
        return "无法连接数据库：用户名或密码错误"
    if "does not exist" in text and "database" in text:
        return "无法连接数据库：数据库不存在"
    if "connection refused" in text or "could not connect" in text or "timeout" in text or "timed out" in text:
        return "无法连接数据库：数据库服务器没有响应，请检查主机、端口和服务是否已启动"
    if "unable to open database file" in text or "file is not a database" in text:
        return "无法打开数据库文件：路径不存在、没有权限或文件不是数据库"
    if isinstance(error, sa.exc.ArgumentError | sa.exc.NoSuchModuleError):
        return "数据库地址格式有误，应类似 postgresql+psycopg://…@主机/库名 或 sqlite:///文件路径"
    return "数据库操作失败，未做任何修改（用 --debug 查看详细信息）"


def run(
    parser: argparse.ArgumentParser, main: Callable[[argparse.Namespace], int], argv: Sequence[str] | None = None
) -> NoReturn:
    """Parse ``argv``, run ``main`` and exit with its code; every failure becomes one Chinese line."""
    args = parser.parse_args(argv)
    try:
        code = main(args)
    except Refused as refused:
        code = _fail(args, str(refused))
    except (sa.exc.SQLAlchemyError, sa.exc.ArgumentError) as error:
        code = _fail(args, store_error(error))
    except KeyboardInterrupt:
        code = _fail(args, "已中断，未完成的写入已撤销")
    except Exception:  # noqa: BLE001  (the last resort: one line, the traceback only with --debug)
        code = _fail(args, "发生内部错误，未做任何修改（用 --debug 查看详细信息）")
    sys.exit(code)


def _fail(args: argparse.Namespace, line: str) -> int:
    if getattr(args, "debug", False):
        traceback.print_exc()
    print(mask(line), file=sys.stderr)
    return EXIT_REFUSED
