"""On time by the sender's clock, within bounds.

A report sent on time must not turn late because the aimag imported it weeks later, so the
date judged against the deadline is the signed time of the export (the manifest's
`created_at`, written by the sender's PC clock). A clock can be wrong (a dead clock battery
sets it back to 2000) or set back on purpose, so that time is believed only when it is
plausible: not before the plan's year began, and not after this office imported the bundle.
Otherwise the import date is judged and the report is flagged, and both dates are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Timing:
    """When a report left its sender and reached this office, and which date is judged."""

    sent: date | None          # the signed export date, as the sender's clock gave it
    received: date | None      # when it was imported here (a report typed in here: its own date)
    doubtful_clock: bool = False  # the signed date was not plausible: `received` is judged instead

    @property
    def judged(self) -> date | None:
        """The date compared with the deadline."""
        return self.received if self.doubtful_clock or self.sent is None else self.sent


def timing(plan_year: int, signed_at: datetime | None, imported_at: datetime | None,
           own_date: date | None = None) -> Timing:
    """The timing of a report whose first bundle was signed at `signed_at` and imported here at
    `imported_at` (both aware); a report that came in no bundle counts from `own_date`."""
    if signed_at is None or imported_at is None:
        return Timing(None, own_date)
    plausible = date(plan_year, 1, 1) <= signed_at.date() and signed_at <= imported_at
    return Timing(signed_at.date(), imported_at.date(), not plausible)
