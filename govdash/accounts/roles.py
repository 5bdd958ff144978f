"""Roles and what each may open. viewer: the desk pages; curator: + intake and review; organiser:
+ 评议组织 and the results of rounds; admin: everything, + accounts and the audit log."""

from __future__ import annotations

ROLES = ("viewer", "curator", "organiser", "admin")
ROLE_NAMES = {"viewer": "查看", "curator": "数据整理", "organiser": "评议组织", "admin": "管理员"}
# What each role may do besides what every role may (view): the admin may do everything.
GRANTS = {"viewer": set(), "curator": {"curator"}, "organiser": {"organiser"}, "admin": {"curator", "organiser", "admin"}}


def role_error(role: str) -> str | None:
    if role not in ROLES:
        return f"角色「{role}」不存在，可用：" + "、".join(f"{r}（{ROLE_NAMES[r]}）" for r in ROLES)
    return None


def may(role: str | None, needs: str) -> bool:
    """Whether `role` may open what `needs`: "viewer" (any signed-in role), "curator", "organiser", "admin"."""
    if role is None or role not in ROLES:
        return False
    return needs == "viewer" or needs in GRANTS[role]
