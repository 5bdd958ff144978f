"""Extract the figures of a report, or of a filled table template, from the command line.

    python -m govdash.intake extract PATH [--format json|text] [--published-on 2023-10-20]
                                          [--region 某市] [--doc-type 工作总结]
    python -m govdash.intake template OUT.xlsx

`extract` prints the candidates (JSON: a list of objects), with the catalogue of data/
(govdash.config.DATA_DIR); date, region and document type are proposed from the text unless given.
An .xlsx is read as a filled copy of the table template (govdash/intake/template.py): one candidate
per row, region and period as the row gives them. A file that cannot be read exits with status 2
and the Chinese reason (file, and for a table its sheet, row and column) on stderr.
`template` writes the empty template (exit 0), or exits 1 with the reason.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from govdash import config
from govdash.intake.documents import DocumentRejected, read_document
from govdash.intake.extract import Catalogue, extract
from govdash.intake.metadata import propose_metadata
from govdash.intake.template import read_filled, template_catalogue, write_template
from govdash.vocabulary import DOC_TYPES

TEXT_FIELDS = ("value", "unit", "qualifier", "stage", "period_label", "indicator", "new_indicator", "org_unit", "evidence")


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m govdash.intake", description="数据导入：读取报告并抽取候选数据")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("extract", help="读取文件（.txt/.docx/.pdf），输出候选数据")
    run.add_argument("path", type=Path)
    run.add_argument("--format", choices=("json", "text"), default="json")
    run.add_argument("--published-on", help="文件日期 YYYY-MM-DD（默认从文中识别）")
    run.add_argument("--region", help="文件所属地区（默认从发文单位、标题识别）")
    run.add_argument("--doc-type", choices=DOC_TYPES, help="文件类型（默认按关键词识别）")
    run.add_argument("--data", type=Path, default=config.DATA_DIR, help="整理数据目录（指标目录与示例）")
    blank = commands.add_parser("template", help="写出表格数据的 Excel 导入模板（.xlsx）")
    blank.add_argument("out", type=Path, help="输出文件，如 数据导入模板.xlsx")
    blank.add_argument("--data", type=Path, default=config.DATA_DIR, help="整理数据目录（指标与地区目录）")
    return parser.parse_args(argv)


def write_blank(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".xlsx":
        print(f"输出文件「{args.out.name}」须以 .xlsx 结尾", file=sys.stderr)
        return 1
    try:
        write_template(args.out, template_catalogue(args.data))
    except OSError as exc:
        print(f"无法写出模板「{args.out.name}」：{exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"已写出数据导入模板：{args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if args.command == "template":
        return write_blank(args)
    try:
        data = args.path.read_bytes()
    except OSError as exc:
        print(f"文件「{args.path.name}」无法读取：{exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        if args.path.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
            candidates = read_filled(data, args.path.name, template_catalogue(args.data)).candidates
        else:
            document = read_document(data, args.path.name)
            catalogue = Catalogue.from_data_dir(args.data)
            meta = propose_metadata(document.text, catalogue.region_names)
            for key in ("published_on", "region", "doc_type"):
                if getattr(args, key):
                    meta[key] = getattr(args, key)
            candidates = extract(document.text, catalogue, meta)
    except DocumentRejected as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.format == "json":
        json.dump([c.to_dict() for c in candidates], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for c in candidates:
            print("\t".join("" if getattr(c, f) is None else str(getattr(c, f)) for f in TEXT_FIELDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
