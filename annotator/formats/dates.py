"""Checking a published date before it becomes the document's date.

The published column keeps a date as the source wrote it ("2012-10-25", "2012-10-25T09:58:00Z",
"Oct 25, 2012"): sources differ and rewriting them would lose what they said. What must not get
in is a date that names no day: "2012-99-99" or "2012-02-30" sorts and reads like a date in the
queue and in every export, and nothing downstream could tell it is false.

Only numeric year-first dates (ISO 8601 and its "/" and "." variants) are checked, with the time
when one follows; day-first and month-first forms ("03/04/2012") cannot be checked without
knowing which the source meant, and names of months are left alone.
"""

from __future__ import annotations

import calendar
import re

from annotator.core.models import ImportProblem

BAD_DATE = "W311"  # a warning: the document goes in, without the date
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Not calendar.month_name: that follows the process locale, which Qt sets from the desktop's.
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_YEAR_FIRST = re.compile(
    r"\s*(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:(?:T|\s+)(?P<H>\d{1,2}):(?P<M>\d{1,2})(?::(?P<S>\d{1,2}))?)?(?!\d)"
)


def impossible(value: str) -> str | None:
    """Why `value` cannot be a real date (or time), or None: a real one or a form not checked."""
    found = _YEAR_FIRST.match(value)
    if found is None:
        return None
    year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    if year == 0:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = 29 if month == 2 and calendar.isleap(year) else _DAYS[month]
    if not 1 <= day <= days:
        return f"{_MONTHS[month]} {year} has {days} days"
    if found["H"] is not None:
        hour, minute, second = int(found["H"]), int(found["M"]), int(found["S"] or 0)
        # 24:00 ends a day in ISO 8601; second 60 is a leap second.
        if hour > 24 or minute > 59 or second > 60 or (hour == 24 and minute + second > 0):
            return f"there is no time {found['H']}:{found['M']}" + (
                f":{found['S']}" if found["S"] else "")
    return None


def check_published(value: str | None, path: str, line: int | None, field: str, *,
                    raw: str | None = None, kept_as: str | None = None,
                    ) -> tuple[str | None, ImportProblem | None]:
    """(the date to store, a warning) for the value a source gave for the published date.

    A false date is not stored (None) and a warning names the file, the line and the field;
    the caller keeps the value (or `raw`, what the file said, when `value` was read out of it)
    in the document's meta under `kept_as` (default: `field`), so nothing is lost.
    """
    if value is None:
        return None, None
    why = impossible(value)
    if why is None:
        return value, None
    raw = value if raw is None else raw
    shown = raw if len(raw) <= 60 else raw[:60] + "…"
    return None, ImportProblem(
        path, line,
        f"{field} {shown!r} is not a real date ({why}); the document was imported without a "
        f"published date and the value kept in its meta as {kept_as or field!r}",
        code=BAD_DATE,
    )
