"""Render a source text as HTML with its evidence quotes marked (for 数据来源)."""

from __future__ import annotations

from govdash.charts.style import ACCENT, BLUE_PALE, HIGHLIGHT
from govdash.safe import html


def highlighted_html(text: str, spans: list[tuple[int, int, str]], focus: str | None = None,
                     colours: dict[str, str] | None = None) -> str:
    """`spans` are (start, end, figure_id) offsets into `text`. Overlapping quotes are merged into
    one mark naming all their figures; the mark holding `focus` is emphasised and anchored.
    `colours` gives some ids another background than the pale blue (数据导入: accepted, rejected)."""
    merged: list[list] = []
    for start, end, fid in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(fid)
        else:
            merged.append([start, end, [fid]])
    out, pos = [], 0
    for start, end, ids in merged:
        out.append(html(text[pos:start]))
        focused = focus in ids
        background = next((colours[i] for i in ids if colours and i in colours), BLUE_PALE)
        style = (f"background:{HIGHLIGHT};outline:2px solid {ACCENT};" if focused else f"background:{background};") + "padding:0 1px;"
        anchor = f' id="fig-{html(focus)}"' if focused else ""
        out.append(f'<mark{anchor} title="{html("、".join(ids))}" style="{style}">'
                   f"{html(text[start:end])}</mark>")
        pos = end
    out.append(html(text[pos:]))
    return ('<div style="white-space:pre-wrap;line-height:1.9;font-size:16px;">' + "".join(out) + "</div>")
