"""The one way a screen shows a moment: this computer's local time, to the minute."""

from __future__ import annotations

import datetime as dt

FORMAT = "%Y-%m-%d %H:%M"


def local_time(value: dt.datetime | str | None, empty: str = "") -> str:
    """``value`` (a datetime, or an ISO stamp as kept on this laptop) in local time; ``empty``
    for none, and a stamp that is not ISO as it is."""
    if value is None:
        return empty
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        moment = value
    return moment.astimezone().strftime(FORMAT)
