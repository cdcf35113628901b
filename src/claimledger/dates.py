"""Publication dates as inputs write them ("Nov 2, 2026", "2 November 2026", RFC 2822, ISO 8601 with a time
zone) -> ISO 8601, the one form the store, the timeline and the `since` / `until` filters compare.

A date alone stays a date ("2026-11-02"); a time keeps the zone it was given ("2026-11-02T10:00:00+01:00",
"Z" written "+00:00"), or none. Deliberately strict: a value with no day or no four-digit year ("November
2026", "11/02/2026", which is 2 November or 11 February depending on the writer) is not guessed at; the
caller keeps it as given and says so (W030). Core module: the standard library only.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
           "nov": 11, "dec": 12}
# Zone names news sites print; an ambiguous one (IST, CST in Asia) is read the way US and UK sites mean it.
_ZONES = {"z": 0, "utc": 0, "gmt": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8,
          "pdt": -7, "bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = (r"(?:(?:\s*,\s*|\s+at\s+|\s+|t)(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
         r"\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<zone>z|utc|gmt|[+-]\d{2}:?\d{2}|[a-z]{3,4})?)?")
_FORMS = [re.compile(form + _TIME) for form in (
    rf"{_MONTH}\s*{_DAY},?\s+{_YEAR}",  # Nov 2, 2026 / November 2nd 2026
    rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}",  # 2 November 2026
    rf"{_YEAR}[/.](?P<month_number>\d{{1,2}})[/.]{_DAY}",  # 2026/11/02
)]
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_published(value: str) -> str | None:
    """`value` as ISO 8601, or None when it is not a date this module reads with certainty."""
    text = " ".join(value.split())
    if not text:
        return None
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    for read in (_iso, _rfc2822, _written):
        try:
            found = read(text)
        except (ValueError, TypeError, IndexError, OverflowError):
            found = None
        if found is not None:
            return found
    return None


def _iso(text: str) -> str | None:
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):
        return None
    return datetime.fromisoformat(text.replace(" ", "T", 1)).isoformat()


def _rfc2822(text: str) -> str | None:
    if not re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", text):
        return None
    last = text.rsplit(" ", 1)[-1].lower()
    if not (re.fullmatch(r"[+-]\d{4}|[\d:]+", last) or last in _ZONES or last == "ut"):
        return None  # a zone we cannot place: not guessed
    return parsedate_to_datetime(text).isoformat()


def _written(text: str) -> str | None:
    low = _WEEKDAY.sub("", text.lower()).strip()
    for form in _FORMS:
        found = form.fullmatch(low)
        if found is None:
            continue
        parts = found.groupdict()
        month = int(parts["month_number"]) if parts.get("month_number") else _MONTHS[parts["month"][:3]]
        day = date(int(parts["year"]), month, int(parts["day"]))
        if parts["hour"] is None:
            return day.isoformat()
        return _with_time(day, parts)
    return None


def _with_time(day: date, parts: dict[str, str | None]) -> str | None:
    hour, ampm = int(parts["hour"] or 0), (parts["ampm"] or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    zone: timezone | None = None
    if name := parts["zone"]:
        if name[0] in "+-":
            digits = name[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            zone = timezone(-offset if name[0] == "-" else offset)
        elif name in _ZONES:
            zone = timezone(timedelta(hours=_ZONES[name]))
        else:
            return None  # a zone we cannot place: not guessed
    moment = datetime(day.year, day.month, day.day, hour, int(parts["minute"] or 0), int(parts["second"] or 0),
                      tzinfo=zone)
    return moment.isoformat()


def moment(published: str | None) -> datetime | None:
    """An ISO (or readable) publication date as an aware datetime (a date alone is its midnight UTC, a time
    without a zone is UTC); None when there is none or it cannot be read. Old stores kept values as given."""
    if not published:
        return None
    found = iso_published(published)
    if found is None:
        return None
    at = datetime.fromisoformat(found)
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)
