"""Per-team reminder policy (ladder steps, quiet hours, weekends, SLAs) read from YAML data."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from ..settings import Settings

BUNDLED = Path(__file__).parent / "data" / "policy.yaml"
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
ANCHORS = ("due", "workday_end")
CHANNELS = ("chat", "sms")
RECIPIENTS = ("assignee", "manager", "store_manager")


CHINA_ZONES = frozenset({"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "PRC"})


@dataclass(frozen=True)
class StepRule:
    name: str
    at: str  # "due" or "workday_end"
    offset: timedelta
    channel: str
    to: str


@dataclass(frozen=True)
class Policy:
    steps: tuple[StepRule, ...]
    workday_end: time
    briefing_time: time
    quiet_start: time
    quiet_end: time
    weekend: frozenset[int] = frozenset({5, 6})
    quiet_channels: frozenset[str] = frozenset({"sms"})
    lead_sla: timedelta = timedelta(hours=48)
    at_risk: timedelta = timedelta(days=30)
    late_after: timedelta = timedelta(seconds=60)

    def is_quiet(self, local: datetime) -> bool:
        """True during quiet hours or on a weekend day, judged on the recipient's wall clock."""
        if local.weekday() in self.weekend:
            return True
        t = local.time().replace(tzinfo=None)
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= t < self.quiet_end
        return t >= self.quiet_start or t < self.quiet_end

    def next_allowed(self, when: datetime, tz: str) -> datetime:
        """`when` (aware) if it is working time in `tz`, else the next quiet_end on a working day."""
        zone = ZoneInfo(tz)
        local = when.astimezone(zone)
        if not self.is_quiet(local):
            return when
        # The first quiet_end after `when` that falls on a working day ends the hold.
        for i in range(15):
            candidate = datetime.combine(local.date() + timedelta(days=i), self.quiet_end, tzinfo=zone)
            if candidate > local and not self.is_quiet(candidate):
                return candidate.astimezone(when.tzinfo)
        return when  # a policy with every day a weekend: send rather than never

    def is_working_day(self, day: date, tz: str) -> bool:
        """Not a weekend day of the team, nor a public holiday where the rep works (mainland China's calendar,
        with its swapped working weekends, for reps in a China time zone)."""
        if tz in CHINA_ZONES:
            try:
                import chinese_calendar

                return bool(chinese_calendar.is_workday(day))
            except (ImportError, NotImplementedError):  # a year the calendar does not cover yet
                if (day.month, day.day) in FIXED_HOLIDAYS_CN:
                    return False  # the holidays on fixed dates are known before the official schedule
        return day.weekday() not in self.weekend

    def workday_end_on(self, day_local: datetime) -> datetime:
        return datetime.combine(day_local.date(), self.workday_end, tzinfo=day_local.tzinfo)


# New Year, Labour Day, National Day: mainland China's public holidays that fall on the same date every year
FIXED_HOLIDAYS_CN = frozenset({(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)})


@dataclass
class PolicyBook:
    """The default policy and per-team overrides."""

    default: Policy
    teams: dict[str, Policy] = field(default_factory=dict)

    def for_team(self, team: str | None) -> Policy:
        return self.teams.get(team, self.default) if team else self.default


def _hhmm(value: str | time) -> time:
    if isinstance(value, time):
        return value
    hh, mm = (int(x) for x in str(value).split(":"))
    return time(hh, mm)


def _steps(raw: list[dict[str, Any]]) -> tuple[StepRule, ...]:
    steps = []
    for item in raw:
        rule = StepRule(
            name=str(item["name"]),
            at=str(item.get("at", "due")),
            offset=timedelta(minutes=float(item.get("offset", 0))),
            channel=str(item.get("channel", "chat")),
            to=str(item.get("to", "assignee")),
        )
        if rule.at not in ANCHORS or rule.channel not in CHANNELS or rule.to not in RECIPIENTS:
            raise ValueError(f"bad reminder step {item!r}")
        steps.append(rule)
    if len({s.name for s in steps}) != len(steps):
        raise ValueError("reminder step names must be unique")
    return tuple(steps)


def _apply(base: Policy, raw: dict[str, Any]) -> Policy:
    changes: dict[str, Any] = {}
    if "steps" in raw:
        changes["steps"] = _steps(raw["steps"])
    for key in ("workday_end", "briefing_time", "quiet_start", "quiet_end"):
        if key in raw:
            changes[key] = _hhmm(raw[key])
    if "weekend" in raw:
        changes["weekend"] = frozenset(WEEKDAYS[str(d)[:3].lower()] for d in raw["weekend"] or [])
    if "quiet_channels" in raw:
        changes["quiet_channels"] = frozenset(raw["quiet_channels"] or [])
    if "lead_sla_hours" in raw:
        changes["lead_sla"] = timedelta(hours=float(raw["lead_sla_hours"]))
    if "at_risk_days" in raw:
        changes["at_risk"] = timedelta(days=float(raw["at_risk_days"]))
    if "late_after_seconds" in raw:
        changes["late_after"] = timedelta(seconds=float(raw["late_after_seconds"]))
    return replace(base, **changes)


def parse_policy_book(data: dict[str, Any], settings: Settings | None = None) -> PolicyBook:
    """Build a PolicyBook from the YAML structure; times of day a team does not set come from settings
    (the one source of workday_end, briefing time and quiet hours: the team policy, defaulting to settings)."""
    s = settings or Settings.model_construct()  # the documented defaults, not this process's environment
    base = Policy(
        steps=(),
        workday_end=s.workday_end,
        briefing_time=s.briefing_time,
        quiet_start=s.quiet_start,
        quiet_end=s.quiet_end,
    )
    default = _apply(base, data.get("default") or {})
    teams = {str(name): _apply(default, raw or {}) for name, raw in (data.get("teams") or {}).items()}
    return PolicyBook(default, teams)


def load_policy_book(path: str | Path | None = None, settings: Settings | None = None) -> PolicyBook:
    """The ladder file `path`, else the one settings name (LEADSCRIBE_REMINDERS_FILE), else the bundled one."""
    chosen = path or (settings.reminders_file if settings else "") or BUNDLED
    with open(chosen, encoding="utf-8") as fh:
        return parse_policy_book(yaml.safe_load(fh) or {}, settings)
