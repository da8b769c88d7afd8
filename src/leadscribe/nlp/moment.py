"""The moment a message was said, in the user's zone: what every relative date is read against."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TZ = "Asia/Shanghai"


def resolve_now(now: datetime | None = None, tz: str | None = None) -> datetime:
    """The message time as a tz-aware datetime in the user's zone.

    `tz` (IANA) wins; else the offset of `now` is the zone; a naive or missing `now` is read in Asia/Shanghai.
    """
    zone: tzinfo
    if tz:
        try:
            zone = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {tz!r}") from exc
    elif now is not None and now.tzinfo is not None:
        zone = now.tzinfo
    else:
        zone = ZoneInfo(DEFAULT_TZ)
    if now is None:
        return datetime.now(UTC).astimezone(zone)
    if now.tzinfo is None:
        return now.replace(tzinfo=zone)
    return now.astimezone(zone)
