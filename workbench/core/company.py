"""The company's profile: the name, address and logo every exported proposal carries on its
cover and in its document properties. The name and address may also be kept in English, for
English documents; an English document without them carries the one name and address. A domain setting, so a team sharing a database shares
one profile: the logo is kept in the database itself (a path would only exist on the laptop
that set it)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, replace
from pathlib import Path

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import AuditEvent, Setting
from workbench.core.errors import InvalidInput, Term
from workbench.core.knowledge.language import document_script, for_hong_kong_readers, to_traditional
from workbench.core.users import Permission, UserView

COMPANY_KEY = "company_profile"
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_TEXT = 300
_LOGO_KINDS = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


@dataclass(frozen=True)
class CompanyProfile:
    name: str = ""
    address: str = ""
    logo: bytes | None = None  # PNG or JPEG
    logo_name: str = ""
    name_en: str = ""  # English name and address, for English documents (empty: the one above)
    address_en: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name or self.address or self.logo or self.name_en or self.address_en)

    def for_language(self, language: str) -> CompanyProfile:
        """The profile as a document in ``language`` names the company: an English document
        (any language tag not starting with "zh") takes the English name and address where
        they are set, field by field; a Chinese document always the one name and address, in
        Traditional characters in a Traditional document (数海科技 is 數海科技 to a Taiwan reader),
        in Hong Kong's forms of them in a Hong Kong one (数据户 is 數據户 there, 數據戶 in Taiwan)."""
        if document_script(language) == "zh-Hant":
            traditional = for_hong_kong_readers if language.endswith("HK") else to_traditional
            return replace(self, name=traditional(self.name), address=traditional(self.address),
                           name_en="", address_en="")
        if language.startswith("zh"):
            return replace(self, name_en="", address_en="")
        return replace(self, name=self.name_en or self.name, address=self.address_en or self.address,
                       name_en="", address_en="")

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "address": self.address, "name_en": self.name_en,
                "address_en": self.address_en, "logo": self.logo_name or None,
                "logo_bytes": len(self.logo) if self.logo else 0}


def logo_kind(data: bytes) -> str | None:
    """'png' or 'jpeg' when the bytes are one, else None."""
    return next((kind for magic, kind in _LOGO_KINDS.items() if data.startswith(magic)), None)


def decode_profile(raw: str | None) -> CompanyProfile:
    if not raw:
        return CompanyProfile()
    try:
        values = json.loads(raw)
        logo = base64.b64decode(values["logo"]) if values.get("logo") else None
        return CompanyProfile(str(values.get("name", "")), str(values.get("address", "")), logo,
                              str(values.get("logo_name", "")), str(values.get("name_en", "") or ""),
                              str(values.get("address_en", "") or ""))
    except (ValueError, KeyError, TypeError, binascii.Error):
        return CompanyProfile()


def _encode(profile: CompanyProfile) -> str:
    return json.dumps({"name": profile.name, "address": profile.address, "name_en": profile.name_en,
                       "address_en": profile.address_en, "logo_name": profile.logo_name,
                       "logo": base64.b64encode(profile.logo).decode() if profile.logo else ""},
                      ensure_ascii=False)


def read_logo(path: Path) -> tuple[bytes, str]:
    """A logo file's bytes and name, refused unless it is a PNG or JPEG of at most 2 MB."""
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise InvalidInput("company_logo_too_big", path=str(path), size=f"{size:,}")
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput("company_logo_unreadable", path=str(path), detail=exc.strerror or str(exc)) from None
    if logo_kind(data) is None:
        raise InvalidInput("company_logo_not_image", path=str(path))
    return data, path.name


class CompanyProfiles:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self) -> CompanyProfile:
        with self.db.read() as s:
            row = s.get(Setting, COMPANY_KEY)
            return decode_profile(row.value if row is not None else None)

    def update(self, actor: UserView, *, name: str | None = None, address: str | None = None,
               logo: Path | None = None, clear_logo: bool = False, name_en: str | None = None,
               address_en: str | None = None) -> OpResult[CompanyProfile]:
        """Change what is given (administrators only); the rest stays. An empty string clears a
        field (an English one then falls back to the one name or address)."""
        actor.require(Permission.MANAGE_USERS)
        for field, value in (("name", name), ("address", address), ("name_en", name_en),
                             ("address_en", address_en)):
            if value is not None and len(value) > MAX_TEXT:
                raise InvalidInput("company_field_too_long", field=Term(f"company_field_{field}"), maximum=MAX_TEXT)
        logo_data = read_logo(logo) if logo is not None else None
        with self.db.write() as s:
            row = s.get(Setting, COMPANY_KEY)
            old = decode_profile(row.value if row is not None else None)
            new_logo, new_logo_name = (None, "") if clear_logo else (old.logo, old.logo_name)
            if logo_data is not None:
                new_logo, new_logo_name = logo_data
            profile = CompanyProfile(
                name=old.name if name is None else name.strip(),
                address=old.address if address is None else address.strip(),
                logo=new_logo, logo_name=new_logo_name,
                name_en=old.name_en if name_en is None else name_en.strip(),
                address_en=old.address_en if address_en is None else address_en.strip(),
            )
            if row is None:
                s.add(Setting(key=COMPANY_KEY, value=_encode(profile)))
            else:
                row.value = _encode(profile)
            s.add(AuditEvent(actor=actor.name, entity="settings", entity_key=COMPANY_KEY, action="update_company",
                             detail={"name": profile.name, "address": profile.address, "name_en": profile.name_en,
                                     "address_en": profile.address_en, "logo": profile.logo_name}))
        return OpResult(profile, OpChanges())  # read when a proposal is exported: no screen shows it
