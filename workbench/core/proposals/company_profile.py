"""The company a proposal speaks for: the profile from settings (``workbench settings company``),
or, on a laptop that loaded the demo and has no profile yet, the demo's company (云策科技, the
company the demo knowledge base is written for), so the demo's proposals read as before.

Templates see it as ``company``: ``name`` (may be empty: the templates then say 我方 / "our
company"), ``address``, in the document's language (an English template gets the profile's
English name and address where they are set); the cover's logo and company block, the document
properties come from the same profile."""

from __future__ import annotations

from sqlalchemy.orm import Session

from workbench.core.company import COMPANY_KEY, CompanyProfile, decode_profile
from workbench.core.db.models import Setting

# the setting Workspace.load_demo_once writes (workspace.DEMO_LOADED_KEY; importing workspace
# from here would be circular)
DEMO_LOADED_KEY = "demo_loaded"
DEMO_NAMES = {"zh": "云策科技", "en": "Yunce Technology"}


def demo_company(language: str) -> CompanyProfile:
    return CompanyProfile(name=DEMO_NAMES["zh" if language.startswith("zh") else "en"])


def effective_company(s: Session, language: str) -> CompanyProfile:
    """The profile as a document in ``language`` names the company (``for_language``); the
    demo's company when there is none and the demo was loaded here."""
    row = s.get(Setting, COMPANY_KEY)
    profile = decode_profile(row.value if row is not None else None)
    if profile.empty and s.get(Setting, DEMO_LOADED_KEY) is not None:
        return demo_company(language).for_language(language)
    return profile.for_language(language)


def template_company(profile: CompanyProfile) -> dict[str, str]:
    """What a template may read of the profile (the logo is the cover's, not the text's)."""
    return {"name": profile.name, "address": profile.address}
