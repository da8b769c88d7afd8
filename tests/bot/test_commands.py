"""Task commands through the console: today lists, done closes, reschedule moves, in both languages."""

from __future__ import annotations

from sqlalchemy import select

from leadscribe.crm.models import Task, User

from .conftest import make_chat

FOLLOW_UP = "华东医疗的张总想买两台CT设备，今天下午三点回访"


async def test_today_done_and_reschedule(chat, seeded):
    await chat.type(FOLLOW_UP)
    await chat.type("1")
    listing = await chat.type("今天")
    assert "今天的任务" in listing and "1. " in listing and "15:00" in listing
    moved = await chat.type("改期 1 今天下午五点")
    assert "已改期" in moved and "17:00" in moved
    with seeded.session() as s:
        rep = s.scalars(select(User).where(User.name == "小张")).one()
        task = s.scalars(select(Task).where(Task.assignee_id == rep.id, Task.status == "open")).one()
        assert task.revision == 2  # the reschedule bumped it, so the reminder ladder starts afresh
    closed = await chat.type("/done 1")
    assert "已完成" in closed
    with seeded.session() as s:
        assert s.get(Task, task.id).status == "done"


async def test_today_with_nothing_due_says_so_in_english(seeded):
    with seeded.session() as s:
        s.scalars(select(User).where(User.name == "小张")).one().language = "en"
        s.commit()
    chat = make_chat(seeded)
    assert "Nothing due today" in await chat.type("/today")
