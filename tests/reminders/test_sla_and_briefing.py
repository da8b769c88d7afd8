"""Lead SLA escalations, at-risk customers, and morning briefings at 08:00 in each user's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from leadscribe.crm.models import AuditEntry, Customer, Lead, Note, Task, User
from leadscribe.crm.tasks import add_task
from leadscribe.reminders.briefing import briefing_for

from .conftest import make_rig

SH = ZoneInfo("Asia/Shanghai")
LA = ZoneInfo("America/Los_Angeles")


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def new_lead(db, owner: int, at: datetime, company: str = "华为", budget: int | None = None) -> int:
    with db.session() as s:
        c = Customer(owner_id=owner, company=company, last_interaction_at=at, created_at=at)
        s.add(c)
        s.flush()
        lead = Lead(customer_id=c.id, owner_id=owner, created_at=at, updated_at=at, budget_max=budget)
        s.add(lead)
        s.flush()
        s.add(Note(lead_id=lead.id, customer_id=c.id, author_id=owner, raw_text="初次", created_at=at))
        return lead.id


async def test_lead_without_follow_up_escalates_once_after_48h(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 23, 10, 0))
    stale = new_lead(sqlite_db, team.rep, rig.clock.now(), "华为")
    noted = new_lead(sqlite_db, team.rep, rig.clock.now(), "腾讯")
    tasked = new_lead(sqlite_db, team.rep, rig.clock.now(), "阿里")
    with sqlite_db.session() as s:
        s.add(Note(lead_id=noted, author_id=team.rep, raw_text="回电了", created_at=sh(2026, 11, 24, 9, 0)))
        s.add(
            Task(
                title="跟进",
                due_at=sh(2026, 11, 30, 9, 0),
                assignee_id=team.rep,
                lead_id=tasked,
                created_at=sh(2026, 11, 23, 10, 0),
            )
        )
    await rig.at(sh(2026, 11, 25, 9, 59))
    assert rig.chat.texts_to("t-boss") == []
    await rig.at(sh(2026, 11, 25, 10, 0))
    msgs = rig.chat.texts_to("t-boss")
    assert len(msgs) == 1 and f"#{stale}" in msgs[0] and "华为" in msgs[0] and "48" in msgs[0]
    await rig.at(sh(2026, 11, 27, 10, 0))
    assert len(rig.chat.texts_to("t-boss")) == 1


async def test_sla_deadline_during_downtime_escalates_late(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 23, 10, 0))
    await rig.at(sh(2026, 11, 23, 10, 0))
    new_lead(sqlite_db, team.rep, rig.clock.now())
    await rig.at(sh(2026, 11, 26, 9, 0))  # down over the deadline
    assert len(rig.chat.texts_to("t-boss")) == 1
    assert next(m for m in rig.outbox() if m.key.startswith("lead:")).late


async def test_silent_customer_becomes_at_risk_and_recovers(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 1, 10, 0))
    new_lead(sqlite_db, team.rep, rig.clock.now())
    await rig.at(sh(2026, 11, 30, 10, 0))
    with sqlite_db.session() as s:
        assert s.get(Customer, 1).at_risk is False
    await rig.at(sh(2026, 12, 1, 10, 1))
    with sqlite_db.session() as s:
        c = s.get(Customer, 1)
        assert c.at_risk is True
        c.last_interaction_at = rig.clock.now()
    await rig.at(sh(2026, 12, 1, 10, 30))
    with sqlite_db.session() as s:
        assert s.get(Customer, 1).at_risk is False


async def test_each_user_gets_the_briefing_at_0800_in_their_own_zone(sqlite_db, team, book):
    # 2026-03-09 is the Monday after Los Angeles springs forward: 08:00 PDT is 15:00 UTC.
    rig = make_rig(sqlite_db, book, datetime(2026, 3, 8, 23, 0, tzinfo=UTC))
    await rig.at(datetime(2026, 3, 8, 23, 59, tzinfo=UTC))  # 07:59 in Shanghai
    assert rig.chat.briefings_to("t-rep") == []
    await rig.at(datetime(2026, 3, 9, 0, 0, tzinfo=UTC))  # 08:00 in Shanghai
    assert len(rig.chat.briefings_to("t-rep")) == 1 and rig.chat.briefings_to("t-ann") == []
    await rig.at(datetime(2026, 3, 9, 14, 59, tzinfo=UTC))
    assert rig.chat.briefings_to("t-ann") == []
    await rig.at(datetime(2026, 3, 9, 15, 0, tzinfo=UTC))
    ann = rig.chat.briefings_to("t-ann")
    assert len(ann) == 1 and ann[0].text.startswith("Good morning, Ann! Briefing for 2026-03-09")
    await rig.at(datetime(2026, 3, 9, 23, 0, tzinfo=UTC))
    assert len(rig.chat.briefings_to("t-ann")) == 1 and len(rig.chat.briefings_to("t-rep")) == 1
    # A week earlier in November-style standard time the same 08:00 would be 16:00 UTC.
    await rig.at(datetime(2026, 3, 10, 15, 0, tzinfo=UTC))
    assert len(rig.chat.briefings_to("t-ann")) == 2


async def test_no_briefing_on_weekends_and_downtime_sends_only_todays(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 27, 7, 0))  # Friday
    await rig.at(sh(2026, 11, 28, 9, 0))  # Saturday
    assert rig.chat.briefings_to("t-rep") == []
    await rig.at(sh(2026, 12, 2, 11, 0))  # down until Wednesday 11:00: one late briefing, today's
    sent = rig.chat.briefings_to("t-rep")
    assert len(sent) == 1 and "2026-12-02" in sent[0].title
    assert next(m for m in rig.outbox() if m.key == f"briefing:{team.rep}:2026-12-02").late


async def test_briefing_content(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 23, 9, 0))
    day = date(2026, 11, 25)
    small = new_lead(sqlite_db, team.rep, sh(2026, 11, 20, 9, 0), "小公司", budget=10_000)
    big = new_lead(sqlite_db, team.rep, sh(2026, 11, 20, 9, 0), "大客户", budget=2_000_000)
    won = new_lead(sqlite_db, team.rep, sh(2026, 11, 20, 9, 0), "赢单公司")
    with sqlite_db.session() as s:
        rep = s.get(User, team.rep)
        end = sh(2026, 11, 25, 18, 0).astimezone(UTC)
        add_task(s, rep, "小单跟进", end, all_day=True, lead_id=small, now=rig.clock.now())
        add_task(s, rep, "大单跟进", end, all_day=True, lead_id=big, now=rig.clock.now())
        add_task(s, rep, "早会", sh(2026, 11, 25, 9, 0).astimezone(UTC), now=rig.clock.now())
        add_task(s, rep, "明天的事", sh(2026, 11, 26, 9, 0).astimezone(UTC), now=rig.clock.now())
        add_task(s, rep, "下午会", sh(2026, 11, 25, 14, 0).astimezone(UTC), now=rig.clock.now())
        add_task(s, rep, "上周欠的", sh(2026, 11, 24, 10, 0).astimezone(UTC), now=rig.clock.now())
        s.get(Customer, 1).at_risk = True
        s.get(Lead, won).stage = "won"
        s.add(
            AuditEntry(
                entity="lead",
                entity_id=won,
                field="stage",
                old_value='"new"',
                new_value='"won"',
                at=sh(2026, 11, 24, 16, 0),
            )
        )
        b = briefing_for(s, rep, day, book)
        text = b.text()
        lines = text.splitlines()
        assert lines[0] == "早安，王芳！2026-11-25 简报"
        top = lines[lines.index("今日要事：") + 1 : lines.index("今日要事：") + 4]
        assert [t.split(" ", 2)[2].split("（")[0] for t in top] == ["早会", "下午会", "大单跟进"]
        assert "逾期跟进（1）：" in text and "上周欠的" in text and "明天的事" not in text
        assert "流失风险客户（1）：" in text and "小公司" in text
        assert "昨日赢单（1）：" in text and "赢单公司" in text
        boss = briefing_for(s, s.get(User, team.manager), day, book)
        assert "团队概况：今日待办 4 项，逾期 1 项，风险客户 1 个，昨日赢单 1 个" in boss.text()
        ann = briefing_for(s, s.get(User, team.la_rep), day, book)
        assert ann.at == datetime(2026, 11, 25, 16, 0, tzinfo=UTC) and "Nothing due today" in ann.text()


async def test_each_team_is_held_to_its_own_sla(sqlite_db, team):
    from leadscribe.crm.users import add_user
    from leadscribe.reminders.policy import parse_policy_book

    book = parse_policy_book({"default": {"steps": []}, "teams": {"fast": {"lead_sla_hours": 4}}})
    with sqlite_db.session() as s:
        add_user(s, "快经理", role="manager", team="fast", telegram="t-fast-boss")
        fast_rep = add_user(s, "快销售", manager="快经理", telegram="t-fast").id
    rig = make_rig(sqlite_db, book, sh(2026, 11, 23, 10, 0))
    await rig.at(sh(2026, 11, 23, 10, 0))
    new_lead(sqlite_db, fast_rep, rig.clock.now(), "快公司")
    new_lead(sqlite_db, team.rep, rig.clock.now(), "慢公司")
    await rig.at(sh(2026, 11, 23, 14, 0))
    assert len(rig.chat.texts_to("t-fast-boss")) == 1 and rig.chat.texts_to("t-boss") == []
    await rig.at(sh(2026, 11, 25, 10, 0))
    assert len(rig.chat.texts_to("t-fast-boss")) == 1 and len(rig.chat.texts_to("t-boss")) == 1


async def test_at_risk_threshold_per_team(sqlite_db, team):
    from leadscribe.crm.users import add_user
    from leadscribe.reminders.policy import parse_policy_book

    book = parse_policy_book({"default": {"steps": []}, "teams": {"fast": {"at_risk_days": 7}}})
    with sqlite_db.session() as s:
        fast_rep = add_user(s, "快销售", team="fast").id
    rig = make_rig(sqlite_db, book, sh(2026, 11, 1, 10, 0))
    new_lead(sqlite_db, fast_rep, rig.clock.now(), "快公司")
    new_lead(sqlite_db, team.rep, rig.clock.now(), "慢公司")
    await rig.at(sh(2026, 11, 9, 10, 0))
    with sqlite_db.session() as s:
        flags = {c.company: c.at_risk for c in s.query(Customer)}
    assert flags == {"快公司": True, "慢公司": False}


async def test_briefing_counts_yesterdays_wins_and_losses(sqlite_db, team, book):
    day = date(2026, 11, 25)
    won = new_lead(sqlite_db, team.rep, sh(2026, 11, 20, 9, 0), "昨日赢的")
    lost = new_lead(sqlite_db, team.rep, sh(2026, 11, 20, 9, 0), "昨日丢的")
    older = new_lead(sqlite_db, team.rep, sh(2026, 11, 20, 9, 0), "前天丢的")
    with sqlite_db.session() as s:
        for lead_id, stage, at in (
            (won, "won", sh(2026, 11, 24, 15, 0)),
            (lost, "lost", sh(2026, 11, 24, 11, 0)),
            (older, "lost", sh(2026, 11, 23, 11, 0)),
        ):
            lead = s.get(Lead, lead_id)
            lead.stage, lead.stage_changed_at = stage, at
    with sqlite_db.session() as s:
        rep = s.get(User, team.rep)
        text = briefing_for(s, rep, day, book).text()
        assert "昨日赢单（1）：" in text and "昨日赢的" in text
        assert "昨日丢单（1）：" in text and "昨日丢的" in text and "前天丢的" not in text
        boss = briefing_for(s, s.get(User, team.manager), day, book).text()
        assert "昨日赢单 1 个，丢单 1 个" in boss
