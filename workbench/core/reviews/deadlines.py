"""When each tier's review is due: the proposal's review milestone (days before the bid deadline),
or, without a bid deadline, the SLA setting counted from when the proposal reached the tier."""

from __future__ import annotations

import datetime as dt

from workbench.core.proposals.model import MILESTONES

_DAYS_BEFORE_BID = {name: days for name, days in MILESTONES}


def tier_due(tier: int, entered_at: dt.datetime, bid_deadline: dt.date | None, sla_days: int) -> dt.datetime:
    if bid_deadline is not None:
        day = bid_deadline - dt.timedelta(days=_DAYS_BEFORE_BID[f"review_tier{tier}"])
        # the end of that day where the team works
        local_end = dt.datetime.combine(day, dt.time(23, 59, 59)).astimezone()
        return local_end.astimezone(dt.UTC)
    return entered_at + dt.timedelta(days=sla_days)
