"""Exports from the command line (the same files the app's download buttons give):

    python -m govdash.exports workbook --out FILE.xlsx [--region …] [--year 2020-2021] [--theme …] [--hide-doubtful]
    python -m govdash.exports meeting-pack --out FILE.pptx|FILE.pdf [--agenda NAME | --slides 总览,好差评] [--snapshot NAME]
    python -m govdash.exports briefing --out FILE.docx [filters as for workbook]

--db reads another warehouse (default: GOVDASH_DB, else data/dashboard.duckdb). Each command exits 0
with the file written (atomically: beside the target, then renamed), or 1 with a Chinese message
and no file (unknown agenda, region, theme or snapshot; no figures under the filters)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from govdash.exports import briefing, data, meeting_pack, workbook


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--region", action="append", help="地区，可重复或用逗号分隔；不写即全部地区")
    parser.add_argument("--year", help="年份或年份范围，如 2021 或 2020-2021（按数据所属期间的结束年份）")
    parser.add_argument("--theme", action="append", help="主题，可重复或用逗号分隔；不写即全部主题")
    parser.add_argument("--hide-doubtful", action="store_true", help="隐藏整理时释读存疑的数据")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m govdash.exports", description="导出：Excel 工作簿、会议材料（PPTX/PDF）、简报（Word）")
    sub = p.add_subparsers(dest="command", required=True)
    wb = sub.add_parser("workbook", help="当前筛选下的全部数据及出处（.xlsx）")
    wb.add_argument("--out", type=Path, required=True, help="输出文件 .xlsx")
    _filters(wb)
    pack = sub.add_parser("meeting-pack", help="会议大屏议程的会议材料（.pptx 或 .pdf）")
    pack.add_argument("--out", type=Path, required=True, help="输出文件 .pptx 或 .pdf（PDF 需服务器安装 chromium）")
    which = pack.add_mutually_exclusive_group()
    which.add_argument("--agenda", help="已保存的议程名（data/agendas/<名>.toml）；不写即默认议程")
    which.add_argument("--slides", help="直接写出的议程，如 总览,好差评,排名")
    pack.add_argument("--snapshot", help="用冻结的快照（data/snapshots/<名>.duckdb）而不是实时数据")
    pack.add_argument("--title", help="材料标题（代替议程的标题）")
    br = sub.add_parser("briefing", help="当前筛选下的简报（.docx，带脚注）")
    br.add_argument("--out", type=Path, required=True, help="输出文件 .docx")
    _filters(br)
    for command in (wb, pack, br):
        command.add_argument("--db", type=Path, default=None, help="数据仓库文件（默认 GOVDASH_DB 或 data/dashboard.duckdb）")
    return p


def filters_from(args: argparse.Namespace) -> data.ExportFilters:
    y0, y1 = data.parse_years(args.year)
    return data.ExportFilters(data.split_names(args.region), y0, y1, data.split_names(args.theme), args.hide_doubtful)


def check_suffix(out: Path, suffix: str) -> None:
    if out.suffix.lower() != suffix:
        raise data.ExportError(f"输出文件名应以 {suffix} 结尾，收到「{out.name}」。")


def run(args: argparse.Namespace) -> Path:
    if args.command == "workbook":
        check_suffix(args.out, ".xlsx")
        return workbook.write_workbook(filters_from(args), args.out, args.db)
    if args.command == "briefing":
        check_suffix(args.out, ".docx")
        return briefing.write_briefing(filters_from(args), args.out, args.db)
    params = meeting_pack.pack_params(args.agenda, args.slides, args.snapshot, args.title)
    return meeting_pack.write_pack(params, args.out, args.db)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        out = run(args)
    except data.ExportError as exc:
        print(f"导出失败：{exc}", file=sys.stderr)
        return 1
    print(f"已生成 {out}（{out.stat().st_size:,} 字节）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
