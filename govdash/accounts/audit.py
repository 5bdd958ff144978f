"""The audit trail: one JSON line per sensitive action (who, when, what, from where), appended to its
own file (config.audit_path(), apart from the data it describes) under a lock, never rewritten.
Nothing in it can reveal how an evaluator scored: ballots are not logged, codes never."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading

import pandas as pd

from govdash import config

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

ACTIONS = {
    "sign_in": "登录成功", "sign_in_failed": "登录失败", "sign_out": "退出登录", "locked_out": "锁定",
    "account_added": "新建账户", "account_changed": "修改账户", "account_disabled": "停用账户",
    "password_reset": "重置密码", "round_created": "新建评议", "round_deleted": "删除评议",
    "codes_issued": "发放测评码", "round_closed": "结束测评", "round_reopened": "重新开放测评",
    "round_unlocked": "进入评议管理", "round_unlock_failed": "评议密码错误", "results_viewed": "查看评议结果",
    "results_exported": "下载评议结果", "document_published": "发布数据", "document_added": "导入文件",
    "screen_key_issued": "发放大屏密钥", "screen_key_revoked": "收回大屏密钥", "audit_exported": "下载审计日志",
}
COLUMNS = {"at": "时间", "who": "操作人", "role": "角色", "action": "操作", "target": "对象", "detail": "说明",
           "client": "来源地址"}
_lock = threading.Lock()


def record(who: str | None, role: str | None, action: str, target: str = "", detail: str = "",
           client: str | None = None) -> None:
    """Append one entry. `action` is a key of ACTIONS."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action}")
    entry = {"at": dt.datetime.now().isoformat(timespec="seconds"), "who": who or "（未登录）", "role": role or "",
             "action": action, "target": target, "detail": detail, "client": client or "本机"}
    path = config.audit_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    with _lock, open(path, "a", encoding="utf-8") as handle, _flock(handle):
        handle.write(line)
        handle.flush()


@contextlib.contextmanager
def _flock(handle):
    if fcntl is None:
        yield
        return
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)


def entries() -> pd.DataFrame:
    """Every entry, newest first, with the action in Chinese (`action_name`)."""
    path = config.audit_path()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] \
        if path.exists() else []
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["action_name"] = frame["action"].map(ACTIONS).fillna(frame["action"])
    return frame.iloc[::-1].reset_index(drop=True)
