"""The capture conversation end to end through the console channel, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from leadscribe.crm.models import Contact, Customer, InboxMessage, Lead, OutboxMessage, PlaybookFeedback, Task

from .conftest import make_chat

NOTE = "华东医疗的张总想买两台CT设备，手机13812345678，他们在和西门子对比"


async def test_note_becomes_a_card_then_a_lead(chat, seeded):
    card = await chat.type(NOTE)
    assert "【新线索，请确认】" in card
    assert "联系人：张总" in card and "公司：华东医疗" in card and "13812345678" in card
    assert "需求：CT设备" in card
    assert "[1] 确认" in card and "[3] 取消" in card
    with seeded.session() as s:
        assert s.scalar(select(func.count(Lead.id))) == 0  # nothing saved before the rep confirms
    edited = await chat.type("公司是华东医疗器械有限公司")
    assert "已修改公司：华东医疗器械有限公司" in edited
    saved = await chat.type("1")
    assert "✅ 已保存" in saved
    assert "竞品对比" in saved  # the competitor playbook follows
    with seeded.session() as s:
        lead = s.scalars(select(Lead)).one()
        assert lead.customer.company == "华东医疗器械有限公司"
        assert lead.contact.phones == ["13812345678"]
        assert [f.competitor for f in lead.flags] == ["西门子"]
        assert lead.notes[0].source_message_id.startswith("console:")


async def test_second_note_on_same_customer_offers_an_update(chat, seeded):
    await chat.type(NOTE)
    await chat.type("1")
    card = await chat.type("华东医疗的张总说还要一台核磁")
    assert "更新华东医疗的商机？" in card
    await chat.type("1")
    with seeded.session() as s:
        assert s.scalar(select(func.count(Customer.id))) == 1


async def test_new_customer_reply_keeps_them_apart(chat, seeded):
    await chat.type(NOTE)
    await chat.type("1")
    await chat.type("华东医疗的李主任想买超声")
    said = await chat.type("新客户")
    assert "新客户" in said
    await chat.type("1")
    with seeded.session() as s:
        assert s.scalar(select(func.count(Customer.id))) == 2


async def test_cancel_saves_nothing_and_a_button_twice_is_once(chat, seeded):
    await chat.type(NOTE)
    assert "已取消" in await chat.type("3")
    assert "已经处理过" in await chat.type("1")  # the card's buttons are stale now
    with seeded.session() as s:
        assert s.scalar(select(func.count(Lead.id))) == 0


async def test_price_objection_pushes_a_playbook_and_feedback_is_stored(chat, seeded):
    await chat.type("【转发】和平路小学 汪老师：我们学校经费有限，你们那个排课系统实在太贵了。")
    saved = await chat.type("1")
    assert "💡" in saved and "成功案例" in saved
    assert "谢谢反馈" in await chat.type("有用")
    with seeded.session() as s:
        fb = s.scalars(select(PlaybookFeedback)).one()
        assert fb.useful and fb.playbook_id.startswith("price")
        note = s.scalars(select(Lead)).one().notes[0]
        assert note.said_by == "customer"  # a forwarded message is the customer's words


async def test_complaint_pings_the_manager(chat):
    await chat.type("【转发】鲜运冷链 刘总：你们的冷链车温控老是出问题，再这样我们就不续约了。")
    saved = await chat.type("1")
    assert "→ 李经理：" in saved and "鲜运冷链" in saved and "投诉" in saved


async def test_unknown_sender_is_refused_and_only_the_inbox_row_is_kept(seeded):
    stranger = make_chat(seeded, user="陌生人")
    said = await stranger.type(NOTE)
    assert "还不是本团队的注册用户" in said
    with seeded.session() as s:
        row = s.scalars(select(InboxMessage)).one()
        assert row.status == "refused"
        assert s.scalar(select(func.count(OutboxMessage.id))) == 0
        assert s.scalar(select(func.count(Customer.id))) == 0


async def test_undo_reverts_the_last_confirmation(chat, seeded):
    await chat.type(NOTE)
    await chat.type("1")
    assert "已撤销" in await chat.type("撤销")
    assert "没有可以撤销" in await chat.type("撤销")
    with seeded.session() as s:
        assert s.scalar(select(func.count(Customer.id))) == 0


async def test_find_shows_only_my_customers(chat, seeded):
    await chat.type(NOTE)
    await chat.type("1")
    assert "华东医疗" in await chat.type("查 华东")
    other = make_chat(seeded, user="小陈")
    assert "没有找到" in await other.type("查 华东")


async def test_english_user_gets_english(seeded):
    amy = make_chat(seeded, user="Amy")
    assert "Commands:" in await amy.type("help")
    card = await amy.type(NOTE)
    assert "New lead, please confirm" in card and "[1] Confirm" in card


async def test_small_talk_gets_a_hint_not_a_card(chat, seeded):
    said = await chat.type("好的 收到")
    assert "帮助" in said and "[1] 确认" not in said  # a friendly hint, no card
    with seeded.session() as s:
        assert s.scalar(select(func.count(Task.id))) == 0


def test_task_title_carries_the_reps_action() -> None:
    from leadscribe.nlp.read import read_action_after as action_after

    text = "华东医疗张总要CT，下周三下午3点拜访，预算300万"
    end = text.index("拜访")
    assert action_after(text, end) == "拜访"
    text = "鼎盛物流侯总说合同款月底前打款，我后天上午再过去一趟"
    assert action_after(text, text.index("再")) == "过去一趟"
    assert action_after("明天下午3点", len("明天下午3点")) is None


async def test_a_signed_contract_wins_the_deal_and_tells_the_manager(chat, seeded):
    await chat.type(NOTE)
    await chat.type("1")
    await chat.type("华东医疗的张总说合同签了")
    said = await chat.type("1")
    assert "→ 李经理：" in said and "赢下了" in said
    with seeded.session() as s:
        assert [lead.stage for lead in s.scalars(select(Lead))] == ["won"]


async def test_a_complaint_alone_never_changes_the_stage(chat, seeded):
    await chat.type("【转发】鲜运冷链 刘总：你们的冷链车温控老是出问题，再这样我们就不续约了。")
    await chat.type("1")
    with seeded.session() as s:
        assert [lead.stage for lead in s.scalars(select(Lead))] == ["new"]


async def test_a_deal_lost_to_a_competitor_is_closed_lost(chat, seeded):
    await chat.type(NOTE)
    await chat.type("1")
    await chat.type("华东医疗的张总说最后选了西门子，这单丢了")
    said = await chat.type("1")
    assert "→ 李经理：" in said and "西门子" in said
    with seeded.session() as s:
        assert [lead.stage for lead in s.scalars(select(Lead))] == ["lost"]


async def test_natural_requests_in_both_languages(chat, seeded):
    card = await chat.type(NOTE)
    assert "[1] 确认" in card
    saved = await chat.type("好的")  # a plain yes confirms the open card
    assert "已保存" in saved or "已更新" in saved
    listing = await chat.type("我的客户")
    assert "华东医疗" in listing and "新线索" not in listing.split("\n")[0]
    found = await chat.type("查一下华东医疗")
    assert "华东医疗" in found and "[1] 确认" not in found  # a search is no new-lead card
    tomorrow = await chat.type("明天有什么任务")
    assert "任务" in tomorrow
    amy = make_chat(seeded, user="Amy")
    assert "Nothing due" in await amy.type("what's on today?") or "Today:" in await amy.type("what's on today?")
    assert "No customers yet" in await amy.type("show my customers")


async def test_a_task_due_tomorrow_can_be_done_by_its_number(chat, seeded):
    await chat.type("华东医疗的张总想买两台CT设备，明天下午3点去拜访")
    await chat.type("1")
    listing = await chat.type("明天有什么任务")
    assert "1." in listing, listing
    assert "已完成" in await chat.type("完成 1")


async def test_a_new_note_never_drops_the_card_still_open(chat, seeded):
    first = await chat.type("南京金陵饭店的曹经理要换一套酒店管理系统，预算30万")
    assert "[1] 确认" in first
    second = await chat.type("鲜丰超市的严总想上自助收银，手机13955556666")
    assert "上一张卡片还没确认" in second and "金陵饭店" in second and "[4] 保存上一条" in second
    assert "已保存" in await chat.type("4")  # the earlier card, saved
    assert "已保存" in await chat.type("1")  # and the new one
    with seeded.session() as s:
        companies = sorted(c.company for c in s.scalars(select(Customer)))
    assert companies == ["南京金陵饭店", "鲜丰超市"]


async def test_a_part_of_the_day_gets_its_hour_and_follow_ups_avoid_weekends(seeded):
    from zoneinfo import ZoneInfo

    from leadscribe.settings import Settings
    from leadscribe.wiring import build_conversation

    # Friday 2026-12-04, 10:00 in Shanghai
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    conv = build_conversation(Settings(day_morning="09:30"))
    chat = make_chat(seeded, clock=lambda: friday, conversation=conv)
    await chat.type("华东医疗的张总要求下周二上午派人上门")
    await chat.type("1")
    await chat.type("鲜丰超市的严总说下个月再联系")
    await chat.type("1")
    await chat.type("恒通物流的马总说明天再聊")
    await chat.type("1")
    with seeded.session() as s:
        tasks = {t.title.split()[-1]: t for t in s.scalars(select(Task))}
    zone = ZoneInfo("Asia/Shanghai")
    visit = next(t for t in tasks.values() if "华东医疗" in t.title)
    assert not visit.all_day and visit.due_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") == "2026-12-08 09:30"
    month = next(t for t in tasks.values() if "鲜丰超市" in t.title)
    # `下个月再联系`: when next month starts, on its first working day (Jan 1 is New Year, then a weekend)
    assert month.due_at.astimezone(zone).date().isoformat() == "2027-01-04"
    tomorrow = next(t for t in tasks.values() if "恒通物流" in t.title)
    assert tomorrow.due_at.astimezone(zone).date().isoformat() == "2026-12-07"  # Saturday -> Monday


async def test_edits_keep_just_the_name_and_industries_list_what_is_allowed(chat, seeded):
    await chat.type("华东医疗的张总想买两台CT设备")
    assert "刘建国" in await chat.type("联系人是刘建国，采购总监")
    failed = await chat.type("行业改成酒店业")
    assert "可选" in failed and "医疗健康" in failed
    await chat.type("1")
    with seeded.session() as s:
        assert [c.name for c in s.scalars(select(Contact))] == ["刘建国"]
    amy = make_chat(seeded, user="Amy")
    await amy.type("Met Dana Whitfield at Harbor Point Dental Group, they need a patient portal")
    assert "healthcare" in await amy.type("industry is healthcare")


async def test_two_playbooks_come_in_one_message_with_named_buttons(chat, seeded):
    await chat.type("【转发】和平路小学 汪老师：你们的排课系统太贵了，我们也在和希沃对比。")
    saved = await chat.type("1")
    assert saved.count("💡") == 2
    buttons = saved.strip().splitlines()[-1]
    assert buttons.count("👍") == 2 and buttons.count("👎") == 2  # each names its playbook: `1` is not ambiguous


async def test_an_english_rep_gets_an_english_playbook(seeded):
    amy = make_chat(seeded, user="Amy")
    await amy.type("Met Dana Whitfield at Harbor Point Dental Group, they say we are too expensive")
    saved = await amy.type("1")
    assert "💡" in saved and "too expensive" in saved.lower() and "话术" not in saved


async def test_an_english_reps_task_is_titled_in_english(seeded):
    amy = make_chat(seeded, user="Amy")
    await amy.type("Met Dana Whitfield at Harbor Point Dental Group, call her back tomorrow at 3pm")
    await amy.type("1")
    with seeded.session() as s:
        (task,) = s.scalars(select(Task)).all()
    assert "跟进" not in task.title and "Harbor Point Dental Group" in task.title


async def test_a_task_names_who_instead_of_a_pronoun_and_new_leads_get_no_merge_hint(chat, seeded):
    card = await chat.type("华锐精密机械的郑总想上MES，明天下午给他回个电话")
    assert "新客户" not in card  # nothing to keep apart from: no merge hint on a new lead
    await chat.type("1")
    with seeded.session() as s:
        (task,) = s.scalars(select(Task)).all()
    assert "他" not in task.title and "郑总" in task.title and "华锐精密机械" in task.title


async def test_a_fixed_name_no_longer_stands_in_the_quotes_of_other_fields(chat):
    card = await chat.type("青院一中的孔主任说学校的智慧食堂项目明年下半年招标")
    assert "「青院一中」" in card  # the industry was read from the (misheard) name
    card = await chat.type("公司是清远一中")
    assert "青院一中" not in card and "「清远一中」" in card


async def test_an_english_part_of_the_day_after_the_day_gets_its_hour_and_no_task_is_called_morning(seeded):
    from zoneinfo import ZoneInfo

    # Wednesday 2026-12-02, 09:00 in Los Angeles
    chat = make_chat(seeded, user="Amy", clock=lambda: datetime(2026, 12, 2, 17, 0, tzinfo=ZoneInfo("UTC")))
    card = await chat.type("Met Mike Chen from Golden State Realty, wants a CRM, follow up next Tuesday morning")
    assert "「next Tuesday morning」" in card
    saved = await chat.type("confirm")
    assert "2026-12-08 10:00" in saved and "morning" not in saved.split("Task:", 1)[1]


async def test_a_competitor_named_by_reply_is_flagged_and_kept(chat, seeded):
    await chat.type("南京金陵酒店的李总要换一套PMS，预算80万")
    card = await chat.type("竞品是石基")
    assert "竞品：石基" in card and "标记：竞品" in card
    await chat.type("确认")
    with seeded.session() as s:
        lead = s.scalar(select(Lead))
        assert "competitor" in {f.kind for f in lead.flags}
