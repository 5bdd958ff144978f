"""Chinese numerals as reports write them (一百零五, 两, 十二, 三万): read once, for figures (numbers.py)
and for periods (第一、二季度, periods.py). Writing numbers in Chinese is labels.chinese_number."""

from __future__ import annotations

CN_NUM = "零〇一二两三四五六七八九十百千万"
CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_POWERS = {"十": 10, "百": 100, "千": 1000}


def cn_value(text: str) -> float | None:
    """一百零五 → 105, 两 → 2, 十二 → 12, 百 → 100, 三万 → 30000; None if not a numeral."""
    if not text or any(ch not in CN_VALUES and ch not in CN_POWERS and ch != "万" for ch in text):
        return None
    if "万" in text:
        head, _, tail = text.partition("万")
        high = cn_value(head) if head else 1
        low = cn_value(tail) if tail else 0
        return None if high is None or low is None else high * 10000 + low
    total, digit = 0, None
    for ch in text:
        if ch in CN_VALUES:
            digit = CN_VALUES[ch]
        else:
            total += (1 if digit is None else digit) * CN_POWERS[ch]
            digit = None
    return float(total + (digit or 0))
