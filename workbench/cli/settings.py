"""``workbench settings company``: the company profile every exported proposal carries on its
cover and in its document properties (name, address, logo)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    company.add_argument("--logo", type=Path, metavar="FILE", help="a PNG or JPEG logo (at most 2 MB)")
    company.add_argument("--clear-logo", action="store_true", help="remove the logo")
    company.add_argument("--json", action="store_true")
    # --as also after the action (``workbench settings company --name ... --as admin``)
    company.add_argument("--as", dest="as_user", metavar="USER", default=argparse.SUPPRESS)


def run_settings(ws: Workspace, actor: Callable[[], UserView], args: argparse.Namespace, lang: str) -> int:
    from workbench.core.company import CompanyProfiles

    profiles = CompanyProfiles(ws.db)
    changing = args.name is not None or args.address is not None or args.logo is not None or args.clear_logo
    if changing:
        profile = profiles.update(actor(), name=args.name, address=args.address, logo=args.logo,
                                  clear_logo=args.clear_logo).value
    else:
        profile = profiles.get()
    if args.json:
        print(json.dumps(profile.to_json(), ensure_ascii=False, indent=2))
        return 0
    none = "（未设置）" if lang == "zh" else "(not set)"
    labels = ("名称", "地址", "徽标") if lang == "zh" else ("Name", "Address", "Logo")
    logo = f"{profile.logo_name} ({len(profile.logo):,} bytes)" if profile.logo else ""
    for label, value in zip(labels, (profile.name, profile.address, logo), strict=True):
        print(f"{label}: {value or none}")
    return 0
