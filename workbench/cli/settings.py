"""``workbench settings company``: the company profile every exported proposal carries on its
cover and in its document properties (name, address, logo; an English name and address for
English documents)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli.common import EXIT_OK, Command, actor, as_user_option, print_json, say, workspace

if TYPE_CHECKING:
    from workbench.core.users import UserView
    from workbench.core.workspace import Workspace


def add_parsers(sub: Any) -> None:
    settings = sub.add_parser("settings", help="domain settings shared by everyone on this database")
    ssub = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    company = ssub.add_parser("company", help="show or change the company profile on exported proposals "
                                              "(changes: admin only)")
    company.add_argument("--name", help="the company's name, as on the cover")
    company.add_argument("--address", help="the company's address, as on the cover")
    company.add_argument("--name-en", metavar="NAME", help="the company's English name, for English documents "
                                                           "(empty: they carry --name)")
    company.add_argument("--address-en", metavar="ADDRESS", help="the company's English address, for English "
                                                                 "documents (empty: they carry --address)")
    company.add_argument("--logo", type=Path, metavar="FILE", help="a PNG or JPEG logo (at most 2 MB)")
    company.add_argument("--clear-logo", action="store_true", help="remove the logo")
    company.add_argument("--json", action="store_true")
    as_user_option(company)


def run_settings(ws: Workspace, actor: Callable[[], UserView], args: argparse.Namespace, lang: str) -> int:
    profiles = ws.company
    texts = (args.name, args.address, args.name_en, args.address_en)
    changing = any(value is not None for value in texts) or args.logo is not None or args.clear_logo
    if changing:
        profile = profiles.update(actor(), name=args.name, address=args.address, logo=args.logo,
                                  clear_logo=args.clear_logo, name_en=args.name_en, address_en=args.address_en).value
    else:
        profile = profiles.get()
    if args.json:
        print_json(profile.to_json())
        return EXIT_OK
    none = say("cli_company_not_set", lang)
    same = say("cli_company_english_fallback", lang)
    logo = f"{profile.logo_name} ({len(profile.logo):,} bytes)" if profile.logo else ""
    rows = (("name", profile.name, none), ("address", profile.address, none), ("name_en", profile.name_en, same),
            ("address_en", profile.address_en, same), ("logo", logo, none))
    for field, value, unset in rows:
        print(f"{say(f'cli_company_{field}', lang)}: {value or unset}")
    return EXIT_OK


def cmd_settings(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        return run_settings(ws, lambda: actor(ws, args), args, lang)


COMMANDS: dict[str, Command] = {"settings": cmd_settings}
