"""Manage accounts, for the first admin and for scripts (passwords are read from standard input):

    python -m govdash.accounts add NAME --role viewer|curator|organiser|admin
    python -m govdash.accounts add NAME --role viewer --oidc        (signs in through OIDC only)
    python -m govdash.accounts list
    python -m govdash.accounts disable NAME | enable NAME
    python -m govdash.accounts reset NAME                           (a new password)
    python -m govdash.accounts role NAME --role curator
"""

from __future__ import annotations

import argparse
import getpass
import sys

from govdash.accounts import audit
from govdash.accounts.roles import ROLES
from govdash.accounts.store import AccountError, store


def read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        first, second = getpass.getpass(prompt), getpass.getpass("再次输入：")
        if first != second:
            raise AccountError("两次输入的密码不一致")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m govdash.accounts", description="账户管理（密码从标准输入读取）")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="新建账户")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--oidc", action="store_true", help="只通过统一身份认证（OIDC）登录，不设密码")
    sub.add_parser("list", help="列出账户")
    for command, text in (("disable", "停用账户"), ("enable", "重新启用账户"), ("reset", "重置密码")):
        sub.add_parser(command, help=text).add_argument("name")
    role = sub.add_parser("role", help="修改角色")
    role.add_argument("name")
    role.add_argument("--role", required=True, choices=ROLES)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    accounts = store()
    who = "命令行"
    try:
        if args.command == "add":
            accounts.add(args.name, args.role, None if args.oidc else read_password("密码："))
            audit.record(who, "admin", "account_added", args.name, f"角色 {args.role}")
            print(f"已新建账户「{args.name}」（{args.role}）")
        elif args.command == "list":
            print(accounts.accounts().drop(columns=["open_sessions"]).to_string(index=False))
        elif args.command in ("disable", "enable"):
            accounts.update(args.name, disabled=args.command == "disable")
            audit.record(who, "admin", "account_disabled" if args.command == "disable" else "account_changed", args.name,
                         "停用" if args.command == "disable" else "重新启用")
            print(f"已{'停用' if args.command == 'disable' else '启用'}账户「{args.name}」")
        elif args.command == "reset":
            accounts.update(args.name, password=read_password("新密码："))
            audit.record(who, "admin", "password_reset", args.name)
            print(f"已重置账户「{args.name}」的密码，其已登录的会话全部失效")
        else:
            accounts.update(args.name, role=args.role)
            audit.record(who, "admin", "account_changed", args.name, f"角色改为 {args.role}")
            print(f"账户「{args.name}」的角色已改为 {args.role}")
    except AccountError as exc:
        print(f"未完成：{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
