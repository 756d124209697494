"""``python -m data_access.report --period 2020Q1 --region 360000 --out notice.docx`` (or ``.pdf``).

The notice /report drafts, from a shell: the same draft, check and files. It prints what it wrote
and every figure of the text its annexes do not bear out. Exit 0 when the file was written, 1 when
refused (no data, unknown region, no Chinese font for a PDF, a file that cannot be written), 2 on a
bad argument; every message one line of Chinese, a traceback only with --debug.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from data_access.cli import ChineseArgumentParser, Refused, run
from data_access.periods import parse_period, period_label
from data_access.report.check import check
from data_access.report.draft import NothingToReport, NotInScope, build_draft
from data_access.report.pdf import NoChineseFont, notice_pdf
from data_access.report.word import notice_docx
from data_access.scope import NATIONAL
from data_access.startup import prepare_store

FORMATS = {".docx": "Word", ".pdf": "PDF"}


def _write(args: argparse.Namespace) -> int:
    try:
        period = parse_period(args.period).key
    except ValueError:
        raise Refused(f"期次“{args.period}”无效，应类似 2024Q1") from None
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise Refused(f"输出文件“{args.out}”的扩展名应为 .docx 或 .pdf")
    engine = prepare_store(args.url)
    try:
        with engine.connect() as conn:
            draft = build_draft(conn, scope=NATIONAL, period=period, region=args.region)
    except NotInScope:
        raise Refused(f"地区代码“{args.region}”不存在") from None
    except NothingToReport as nothing:
        raise Refused(f"库中没有{nothing}的检查数据、通报数字或通报，无法起草通报") from None
    findings = check(draft)
    try:
        data = (
            notice_pdf(draft, findings=findings)
            if out.suffix.lower() == ".pdf"
            else notice_docx(draft, findings=findings)
        )
    except NoChineseFont as missing:
        raise Refused(str(missing)) from None
    try:
        out.write_bytes(data)
    except OSError:
        raise Refused(f"无法写入文件“{args.out}”：目录不存在或没有权限") from None
    print(
        f"已写入{FORMATS[out.suffix.lower()]}文件 {out}：{draft.title}（{draft.region_name}，{period_label(period)}）"
    )
    print(f"正文 {len(draft.sections)} 部分，附件 {len(draft.annexes)} 个。")
    for finding in findings:
        print(f"核对：{finding.sentence}")
    if not findings:
        print("核对：正文中的数字与附件一致。")
    return 0


def report_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(
        prog="python -m data_access.report", description="按库中数据起草一期检查情况通报，导出 Word 或 PDF。"
    )
    parser.add_argument("--period", required=True, help="期次，如 2020Q1")
    parser.add_argument("--region", help="地区的区划代码，如 360000；不填为全国")
    parser.add_argument("--out", required=True, help="输出文件，扩展名 .docx 或 .pdf")
    parser.add_argument("--url", help="数据库地址（SQLAlchemy URL）；默认 DASHBOARD_DATABASE_URL 或内置的 SQLite 文件")
    return parser


def main(argv: list[str] | None = None) -> None:
    run(report_parser(), _write, argv)


if __name__ == "__main__":
    main()
