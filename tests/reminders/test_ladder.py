"""Ladders fire at their rung, in the right zone, and stop or move the moment a task changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from leadscribe.crm.models import Task, User
from leadscribe.crm.tasks import complete_task, reschedule_task
from leadscribe.reminders.ladder import plan_pending

from .conftest import make_rig

SH = ZoneInfo("Asia/Shanghai")
LA = ZoneInfo("America/Los_Angeles")


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


async def add(rig, user_id: int, title: str, due: datetime, book) -> int:
    from leadscribe.crm.tasks import add_task

    with rig.db.session() as s:
        return add_task(s, s.get(User, user_id), title, due.astimezone(UTC), now=rig.clock.now()).id


async def test_full_ladder_in_order(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 9, 0))  # a Tuesday
    await add(rig, team.rep, "回访华为", sh(2026, 11, 24, 15, 0), book)

    await rig.at(sh(2026, 11, 24, 13, 59))
    assert rig.chat.sent == [] and rig.sms.sent == []

    await rig.at(sh(2026, 11, 24, 14, 0))
    assert [r.chat_id for r in rig.chat.sent] == ["t-rep"]
    assert "60 分钟后到期" in rig.chat.sent[0].text and "15:00" in rig.chat.sent[0].text

    await rig.at(sh(2026, 11, 24, 15, 14))
    assert rig.sms.sent == []
    await rig.at(sh(2026, 11, 24, 15, 15))
    assert [(p, k) for p, _, k in rig.sms.sent] == [("13800000001", "task:1:r1:overdue_sms")]
    boss_msgs = rig.chat.texts_to("t-boss")
    assert len(boss_msgs) == 1 and "王芳" in boss_msgs[0] and "回访华为" in boss_msgs[0]

    await rig.at(sh(2026, 11, 24, 18, 0))
    report = rig.chat.texts_to("t-store")
    assert len(report) == 1 and "王芳" in report[0] and "回访华为" in report[0]
    assert all(not m.late for m in rig.outbox() if not m.key.startswith("briefing:"))

    await rig.at(sh(2026, 11, 25, 18, 0))  # nothing fires twice
    assert len(rig.chat.sent) == 3 and len(rig.sms.sent) == 1


async def test_done_task_stops_its_ladder_at_once(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 9, 0))
    tid = await add(rig, team.rep, "报价", sh(2026, 11, 24, 15, 0), book)
    await rig.at(sh(2026, 11, 24, 14, 0))
    with rig.db.session() as s:
        complete_task(s, s.get(User, team.rep), tid, now=rig.clock.now())
    await rig.at(sh(2026, 11, 24, 23, 0))
    assert [r.chat_id for r in rig.chat.sent] == ["t-rep"]  # only the push sent before it was done
    assert rig.sms.sent == []


async def test_reschedule_moves_the_ladder(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 9, 0))
    tid = await add(rig, team.rep, "拜访", sh(2026, 11, 24, 15, 0), book)
    await rig.at(sh(2026, 11, 24, 14, 0))
    rig.clock.set(sh(2026, 11, 24, 14, 30))
    with rig.db.session() as s:
        reschedule_task(
            s,
            s.get(User, team.rep),
            tid,
            sh(2026, 11, 24, 17, 0).astimezone(UTC),
            now=rig.clock.now(),
        )
    await rig.at(sh(2026, 11, 24, 15, 30))
    assert rig.sms.sent == [] and rig.chat.texts_to("t-boss") == []  # the old overdue rung is gone
    await rig.at(sh(2026, 11, 24, 16, 0))
    assert len(rig.chat.texts_to("t-rep")) == 2 and "17:00" in rig.chat.texts_to("t-rep")[1]
    await rig.at(sh(2026, 11, 24, 17, 15))
    assert [k for _, _, k in rig.sms.sent] == [f"task:{tid}:r2:overdue_sms"]


async def test_task_made_outside_the_service_is_planned_by_the_tick(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 9, 0))
    with rig.db.session() as s:  # as a capture does: a plain Task row, no ladder
        s.add(
            Task(
                title="跟进",
                due_at=sh(2026, 11, 24, 11, 0).astimezone(UTC),
                assignee_id=team.rep,
                created_at=rig.clock.now(),
            )
        )
    await rig.at(sh(2026, 11, 24, 10, 0))
    assert len(rig.chat.texts_to("t-rep")) == 1


async def test_rung_before_creation_is_skipped(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 14, 30))
    await add(rig, team.rep, "马上打电话", sh(2026, 11, 24, 15, 0), book)  # the 60-minute rung is already past
    await rig.at(sh(2026, 11, 24, 14, 31))
    assert rig.chat.sent == []
    await rig.at(sh(2026, 11, 24, 15, 15))
    assert len(rig.sms.sent) == 1


async def test_store_manager_found_in_team_when_not_in_chain(sqlite_db, book):
    from leadscribe.crm.users import add_user

    with sqlite_db.session() as s:
        add_user(s, "Store", role="store_manager", team="south", telegram="t-s2")
        rep = add_user(s, "Solo", team="south", telegram="t-solo").id
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 9, 0))
    await add(rig, rep, "demo", sh(2026, 11, 24, 16, 0), book)
    await rig.at(sh(2026, 11, 24, 18, 0))
    assert len(rig.chat.texts_to("t-s2")) == 1


async def test_la_rep_ladder_across_spring_forward(sqlite_db, team, book):
    # 2026-03-08: Los Angeles jumps from 02:00 PST to 03:00 PDT; 08:30 PDT is 15:30 UTC, not 16:30.
    rig = make_rig(sqlite_db, book, datetime(2026, 3, 7, 12, tzinfo=LA))
    await add(rig, team.la_rep, "Call Acme", datetime(2026, 3, 9, 9, 30, tzinfo=LA), book)
    await rig.at(datetime(2026, 3, 9, 15, 29, tzinfo=UTC))
    assert rig.chat.sent == []
    await rig.at(datetime(2026, 3, 9, 15, 30, tzinfo=UTC))
    assert rig.chat.texts_to("t-ann") == ["⏰ Due in 60 min: Call Acme (09:30)"]


async def test_la_rep_ladder_across_fall_back(sqlite_db, team, book):
    # 2026-11-01: 01:00-02:00 happens twice in Los Angeles; a task due 03:00 PST (11:00 UTC)
    # has its 60-minute rung at 02:00 PST = 10:00 UTC, two wall-clock hours after the first 01:00.
    rig = make_rig(sqlite_db, book, datetime(2026, 10, 31, 12, tzinfo=LA))
    due = datetime(2026, 11, 1, 3, 0, tzinfo=LA)
    assert due.astimezone(UTC) == datetime(2026, 11, 1, 11, 0, tzinfo=UTC)
    await add(rig, team.la_rep, "Ship samples", due, book)
    await rig.at(datetime(2026, 11, 1, 9, 59, tzinfo=UTC))
    assert rig.chat.sent == []
    await rig.at(datetime(2026, 11, 1, 10, 0, tzinfo=UTC))
    assert rig.chat.texts_to("t-ann") == ["⏰ Due in 60 min: Ship samples (03:00)"]
    # Sunday: the overdue SMS waits for Monday 08:00 PST (16:00 UTC), the working time after the weekend.
    await rig.at(datetime(2026, 11, 2, 15, 59, tzinfo=UTC))
    assert rig.sms.sent == []
    await rig.at(datetime(2026, 11, 2, 16, 0, tzinfo=UTC))
    assert len(rig.sms.sent) == 1


async def test_plan_pending_is_idempotent(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 9, 0))
    with rig.db.session() as s:
        s.add(
            Task(
                title="x",
                due_at=rig.clock.now() + timedelta(hours=5),
                assignee_id=team.rep,
                created_at=rig.clock.now(),
            )
        )
    with rig.db.session() as s:
        assert plan_pending(s, book, rig.clock.now()) == 1
    with rig.db.session() as s:
        assert plan_pending(s, book, rig.clock.now()) == 0
