"""``python -m data_access.imports FILE [--kind K] [--period 2024Q1] [--region 421300] [--dry-run]``,
``python -m data_access.imports list`` and ``python -m data_access.imports undo BATCH``.

The same checks and batches as the /data page. Exit 0 when the file was
taken (written now, or already there), 1 when it was refused, 2 on a bad
argument; every message in Chinese, a traceback only with --debug.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import pandas as pd

from data_access.cli import ChineseArgumentParser, Refused, run
from data_access.clock import beijing_text
from data_access.imports import kinds as k
from data_access.imports.batches import ImportRefused, Outcome, list_batches, run_import, undo
from data_access.startup import prepare_store

PREVIEW_ROWS = 20
ISSUE_LINES = 200


def _user(args: argparse.Namespace) -> str:
    return args.user or getpass.getuser()


def _text(value: str | float | None) -> str:
    return "" if pd.isna(value) else str(value)


def _print_outcome(outcome: Outcome) -> None:
    if outcome.kind is not None:
        where = " ".join(part for part in (outcome.period, outcome.region) if part)
        print(f"文件：{outcome.file_name}　类型：{outcome.kind.label}（{outcome.kind.key}）　{where}".rstrip())
    for note in outcome.notes:
        print(f"说明：{note}")
    if outcome.status == "refused":
        for issue in outcome.issues[:ISSUE_LINES]:
            print(f"问题：{issue.text()}")
        if len(outcome.issues) > ISSUE_LINES:
            print(f"……另有 {len(outcome.issues) - ISSUE_LINES} 处问题未列出")
        return
    preview = outcome.preview()
    if not preview.empty:
        shown = preview.drop(columns=["问题"]).head(PREVIEW_ROWS).fillna("")
        with pd.option_context("display.max_columns", None, "display.width", 200):
            print(shown.to_string(index=False))
        if len(preview) > PREVIEW_ROWS:
            print(f"……共 {len(preview)} 行")
    for table, count in outcome.counts.items():
        print(f"{'将写入' if outcome.status == 'dry_run' else '已写入'}{table}：{count} 条")


def _import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError:
        raise Refused(f"无法读取文件“{args.file}”：文件不存在或没有权限") from None
    engine = prepare_store(args.url)
    outcome = run_import(
        engine,
        data,
        path.name,
        kind=args.kind,
        period=args.period,
        region=args.region,
        sheet=args.sheet,
        user=_user(args),
        dry_run=args.dry_run,
    )
    _print_outcome(outcome)
    if outcome.status == "refused":
        raise Refused(outcome.message)
    print(outcome.message)
    return 0


def _list(args: argparse.Namespace) -> int:
    engine = prepare_store(args.url)
    with engine.connect() as conn:
        batches = list_batches(conn)
    if batches.empty:
        print("还没有导入批次。")
        return 0
    status = {"active": "有效", "undone": "已撤销"}
    for row in batches.to_dict("records"):
        print(
            f"批次 {row['id']}　{beijing_text(row['created_at'])}　{status.get(str(row['status']), '')}　"
            f"{row['kind_label']}　{row['source']}　{_text(row['period'])} {_text(row['region_name'])}　"
            f"{row['added']} 条　{_text(row['user_name'])}"
        )
    return 0


def _undo(args: argparse.Namespace) -> int:
    engine = prepare_store(args.url)
    try:
        removed = undo(engine, args.batch, user=_user(args))
    except ImportRefused as refused:
        raise Refused(str(refused)) from None
    detail = "，".join(f"{table} {count} 条" for table, count in removed.items()) or "没有数据行"
    print(f"已撤销批次 {args.batch}：删除了 {detail}。")
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="数据库地址（SQLAlchemy URL）；默认 DASHBOARD_DATABASE_URL 或内置的 SQLite 文件")
    parser.add_argument("--user", help="记入批次的用户名；默认当前系统用户")


def import_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog="python -m data_access.imports", description="导入一个 Excel 或 CSV 文件。")
    parser.add_argument("file", help="要导入的文件（.xlsx、.xls、.csv）")
    parser.add_argument("--kind", choices=sorted(k.KINDS), help="表格类型；默认按表头识别")
    parser.add_argument("--period", help="期次，如 2024Q1；默认取自文件标题")
    parser.add_argument("--region", help="文件所属地区的区划代码，如 421300")
    parser.add_argument("--sheet", help="要读取的工作表名；默认第一张有表头的工作表")
    parser.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入")
    _common(parser)
    return parser


def list_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog="python -m data_access.imports list", description="列出导入批次。")
    _common(parser)
    return parser


def undo_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog="python -m data_access.imports undo", description="撤销一个导入批次。")
    parser.add_argument("batch", type=int, help="批次编号")
    _common(parser)
    return parser


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["list"]:
        run(list_parser(), _list, argv[1:])
    if argv[:1] == ["undo"]:
        run(undo_parser(), _undo, argv[1:])
    run(import_parser(), _import, argv)


if __name__ == "__main__":
    main()
