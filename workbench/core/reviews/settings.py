"""The team's review settings (resubmission policy, days a tier has), kept as Setting rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.models import Setting
from workbench.core.errors import InvalidInput
from workbench.core.reviews.model import ReviewSettings
from workbench.core.reviews.states import Resubmission

RESUBMISSION_KEY = "review.resubmission"
SLA_DAYS_KEY = "review.sla_days"


def read_settings(s: Session) -> ReviewSettings:
    rows = dict(s.execute(select(Setting.key, Setting.value).where(
        Setting.key.in_([RESUBMISSION_KEY, SLA_DAYS_KEY]))).all())
    default = ReviewSettings()
    policy = rows.get(RESUBMISSION_KEY, default.resubmission.value)
    sla = rows.get(SLA_DAYS_KEY, "")
    return ReviewSettings(
        Resubmission(policy) if policy in {r.value for r in Resubmission} else default.resubmission,
        int(sla) if sla.isdigit() else default.sla_days,
    )


def checked_values(resubmission: str | None, sla_days: int | None) -> dict[str, str]:
    """The Setting rows to write for what is given, or InvalidInput naming the bad value."""
    values: dict[str, str] = {}
    if resubmission is not None:
        if resubmission not in {r.value for r in Resubmission}:
            raise InvalidInput("review_setting_invalid", name="resubmission", value=resubmission,
                               allowed=", ".join(r.value for r in Resubmission))
        values[RESUBMISSION_KEY] = resubmission
    if sla_days is not None:
        if not 1 <= sla_days <= 60:
            raise InvalidInput("review_setting_invalid", name="sla_days", value=sla_days, allowed="1..60")
        values[SLA_DAYS_KEY] = str(sla_days)
    return values


def write_settings(s: Session, values: dict[str, str]) -> None:
    for key, value in values.items():
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value
