"""The CRM remembers accounts: later notes about a known customer update it, through the real conversation.

Everything goes through the console channel and the dispatcher on a real database with the demo team
(王店长 → 李经理 → 小张, 小陈, Amy), as a rep types it. Company and people names are new on purpose."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from leadscribe.crm.models import AuditEntry, Contact, Customer, Draft, InboxMessage, Lead
from leadscribe.crm.seed import seed_demo

from ..bot.conftest import make_chat

ZHONGMING = "常州钟鸣电子科技有限公司"
FIRST = f"{ZHONGMING}的韦总想上一套WMS系统，预算50万，手机13923456789"


@pytest.fixture
def seeded(db):
    with db.session() as s:
        seed_demo(s)
    return db


@pytest.fixture
def chat(seeded):
    return make_chat(seeded)


def split(said: str) -> tuple[str, list[str]]:
    """(what the rep was told, messages to other users such as the manager)."""
    chunks = [c for c in said.split("\n\n") if c.strip()]
    pings = [c for c in chunks if c.startswith("→ ")]
    return "\n\n".join(c for c in chunks if not c.startswith("→ ")), pings


def manager_pings(said: str) -> list[str]:
    return [p for p in split(said)[1] if p.startswith("→ 李经理：")]


async def note(chat, text: str) -> str:
    """Type a note, press 确认 on its card; what the confirmation said."""
    card = await chat.type(text)
    assert "[1] 确认" in card, card
    return await chat.type("1")


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(model.id)))


def message_id_of(db, text: str) -> str:
    with db.session() as s:
        rows = [m for m in s.scalars(select(InboxMessage)) if m.kind == "text" and m.payload.get("text") == text]
    assert len(rows) == 1
    return f"{rows[0].channel}:{rows[0].message_id}"


def only_customer(s) -> Customer:
    return s.scalars(select(Customer)).one()


# merging into a known customer ----------------------------------------------------------------------


async def test_a_short_form_updates_the_known_customer_and_shows_the_change(chat, seeded):
    saved = await note(chat, FIRST)
    assert "✅ 已保存" in saved
    card = await chat.type("钟鸣那边预算提到80万了")
    assert f"更新{ZHONGMING}的商机" in card
    assert "预算：50万 → 80万" in card
    assert "新线索" not in card
    assert "✅ 已更新" in await chat.type("1")
    with seeded.session() as s:
        customer = only_customer(s)
        assert customer.company == ZHONGMING  # the registered name stays
        lead = s.scalars(select(Lead)).one()
        assert (lead.budget_min, lead.budget_max, lead.currency) == (800_000, 800_000, "CNY")
        assert lead.need == "WMS系统"


async def test_a_full_name_replaces_the_title_form_and_a_new_phone_is_added(chat, seeded):
    await note(chat, FIRST)
    card = await chat.type("钟鸣电子的韦建业说下周来公司看演示，他手机13823456780")
    assert f"更新{ZHONGMING}的商机" in card
    await chat.type("1")
    with seeded.session() as s:
        customer = only_customer(s)
        contacts = s.scalars(select(Contact)).all()
        assert [(k.name, k.phones) for k in contacts] == [("韦建业", ["13923456789", "13823456780"])]
        assert customer.contacts[0].name == "韦建业"


async def test_an_empty_value_never_erases_a_known_one(chat, seeded):
    await note(chat, FIRST)
    await note(chat, "钟鸣那边说预算先不定了")
    with seeded.session() as s:
        customer = only_customer(s)
        lead = s.scalars(select(Lead)).one()
        assert (lead.need, lead.budget_min, lead.budget_max) == ("WMS系统", 500_000, 500_000)
        assert [(k.name, k.phones) for k in customer.contacts] == [("韦总", ["13923456789"])]
        assert customer.company == ZHONGMING
        changed = s.scalars(select(AuditEntry).where(AuditEntry.field.in_(("need", "budget_min", "phones")))).all()
        assert all(a.new_value not in (None, "null", "[]", '""') for a in changed)


async def test_every_change_is_audited_with_the_message_it_came_from(chat, seeded):
    await note(chat, FIRST)
    raise_note = "钟鸣那边预算提到80万了"
    await note(chat, raise_note)
    name_note = "钟鸣电子的韦建业说下周来公司看演示，他手机13823456780"
    await note(chat, name_note)
    first_id, raise_id, name_id = (message_id_of(seeded, t) for t in (FIRST, raise_note, name_note))
    with seeded.session() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        by_source: dict[str, set[tuple[str, str]]] = {}
        for a in rows:
            by_source.setdefault(a.source_message_id, set()).add((a.entity, a.field))
        assert set(by_source) == {first_id, raise_id, name_id}  # nothing unattributed
        assert {("customer", "created"), ("contact", "created"), ("lead", "created")} <= by_source[first_id]
        assert {("lead", "budget_min"), ("lead", "budget_max")} <= by_source[raise_id]
        assert {("contact", "name"), ("contact", "phones")} <= by_source[name_id]
        budget = next(a for a in rows if a.source_message_id == raise_id and a.field == "budget_max")
        assert (json.loads(budget.old_value), json.loads(budget.new_value)) == (500_000, 800_000)
        name = next(a for a in rows if a.field == "name")
        assert (json.loads(name.old_value), json.loads(name.new_value)) == ("韦总", "韦建业")
        phones = next(a for a in rows if a.source_message_id == name_id and a.field == "phones")
        assert json.loads(phones.new_value) == ["13923456789", "13823456780"]
        assert all(a.user_id is not None for a in rows)


async def test_a_different_need_at_the_same_customer_is_a_second_deal(chat, seeded):
    await note(chat, FIRST)
    await note(chat, "钟鸣的韦建业说还想要一套视频监控系统，预算20万")
    with seeded.session() as s:
        assert s.scalar(select(func.count(Customer.id))) == 1
        leads = s.scalars(select(Lead).order_by(Lead.id)).all()
        assert [(lead.need, lead.budget_max) for lead in leads] == [("WMS系统", 500_000), ("视频监控系统", 200_000)]
        assert leads[0].customer_id == leads[1].customer_id


# stages ---------------------------------------------------------------------------------------------

TAIHE = "无锡泰和纺织有限公司"


def stage(db) -> str:
    with db.session() as s:
        return s.scalars(select(Lead)).one().stage


async def test_stages_move_forward_only_and_a_won_deal_tells_the_manager(chat, seeded):
    await note(chat, f"{TAIHE}的龚经理想买一套ERP系统，预算60万，手机13722223333")
    assert stage(seeded) == "new"
    card = await chat.type("今天拜访了泰和纺织龚经理")
    assert "→" in card and "已联系" in card
    await chat.type("1")
    assert stage(seeded) == "contacted"
    await note(chat, "泰和那边发了报价")
    assert stage(seeded) == "proposal"
    said = await note(chat, "今天又拜访了泰和的龚经理")
    assert stage(seeded) == "proposal"  # a visit after the quote never moves the deal back
    assert manager_pings(said) == []
    said = await note(chat, "泰和纺织合同签了，最后75万成交")
    with seeded.session() as s:
        lead = s.scalars(select(Lead)).one()
        assert lead.stage == "won"
        assert (lead.budget_min, lead.budget_max) == (750_000, 750_000)
        assert s.scalar(select(func.count(Customer.id))) == 1
    pings = manager_pings(said)
    assert len(pings) == 1 and "小张" in pings[0] and TAIHE in pings[0] and "赢" in pings[0]


async def test_a_won_range_becomes_one_amount(chat, seeded):
    await note(chat, f"{TAIHE}的龚经理想买一套ERP系统，预算60到80万")
    await note(chat, "泰和纺织中标了，中标价72万")
    with seeded.session() as s:
        lead = s.scalars(select(Lead)).one()
        assert (lead.stage, lead.budget_min, lead.budget_max) == ("won", 720_000, 720_000)


async def test_won_at_an_amount_on_a_new_customer(chat, seeded):
    said = await note(chat, "宜兴紫砂文化有限公司中标了，中标价88万")
    with seeded.session() as s:
        lead = s.scalars(select(Lead)).one()
        assert (lead.stage, lead.budget_min, lead.budget_max) == ("won", 880_000, 880_000)
    assert len(manager_pings(said)) == 1


@pytest.mark.parametrize("lost", ["启明医疗没中标", "启明医疗选了别家"])
async def test_lost_deal_tells_the_manager(seeded, lost):
    chen = make_chat(seeded, user="小陈")
    await note(chen, "南通启明医疗器械有限公司的缪主任想采购一批监护仪，预算30万")
    said = await note(chen, lost)
    assert stage(seeded) == "lost"
    pings = manager_pings(said)
    assert len(pings) == 1 and "小陈" in pings[0] and "南通启明医疗器械有限公司" in pings[0]
    assert count(seeded, Customer) == 1


async def test_a_closed_deal_is_not_reopened_by_a_visit(chat, seeded):
    await note(chat, f"{TAIHE}的龚经理想买一套ERP系统，预算60万")
    await note(chat, "泰和纺织合同签了")
    await note(chat, "今天拜访了泰和纺织龚经理")
    with seeded.session() as s:
        stages = [lead.stage for lead in s.scalars(select(Lead).order_by(Lead.id))]
    assert stages[0] == "won"


# two customers with the same title contact ----------------------------------------------------------

GUANGLING = "扬州广陵环保设备有限公司"
JINSHAN = "镇江金山酒店管理有限公司"


async def test_an_ambiguous_title_asks_which_customer(chat, seeded):
    await note(chat, f"{GUANGLING}的詹总想买一套污水处理设备，预算120万")
    await note(chat, f"{JINSHAN}的詹总要一套酒店管理系统，预算40万")
    asked = await chat.type("詹总说预算可以加到150万")
    assert "哪位客户" in asked
    assert f"1. {GUANGLING}" in asked and f"2. {JINSHAN}" in asked
    assert f"[1] {GUANGLING}" in asked and f"[2] {JINSHAN}" in asked
    assert "[3]" in asked  # and "none of these"
    assert "新线索" not in asked  # no card before the rep says which
    card = await chat.type("1")
    assert GUANGLING in card and "预算：120万 → 150万" in card
    assert "✅ 已更新" in await chat.type("1")
    with seeded.session() as s:
        assert s.scalar(select(func.count(Customer.id))) == 2
        budgets = {lead.customer.company: lead.budget_max for lead in s.scalars(select(Lead).order_by(Lead.id)).all()}
    assert budgets == {GUANGLING: 1_500_000, JINSHAN: 400_000}


# 撞单: another rep's customer ------------------------------------------------------------------------

HANDING = "徐州汉鼎建材有限公司"


async def test_another_reps_customer_is_never_duplicated_nor_revealed(seeded):
    chen = make_chat(seeded, user="小陈")
    await note(chen, f"{HANDING}的汤总想采购一批钢结构厂房，预算200万，手机13655556666")
    zhang = make_chat(seeded, user="小张")
    said = await zhang.type(f"{HANDING}打电话来问价格，我下周去拜访")
    reply, pings = split(said)
    assert "小陈" in reply
    for secret in ("13655556666", "200万", "2000000", "钢结构", "厂房", "汤总"):
        assert secret not in reply, secret
    assert "[1] 确认" not in reply  # no card to confirm: nothing to save
    manager = [p for p in pings if p.startswith("→ 李经理：")]
    assert len(manager) == 1 and "小张" in manager[0] and "小陈" in manager[0]
    with seeded.session() as s:
        customers = s.scalars(select(Customer)).all()
        assert [(c.company, c.owner.name) for c in customers] == [(HANDING, "小陈")]
        assert s.scalar(select(func.count(Lead.id))) == 1
        assert s.scalar(select(func.count(Draft.id)).where(Draft.status == "open")) == 0


# notes about nobody ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["今天好累", "路上堵车"])
async def test_a_note_about_nobody_creates_nothing(chat, seeded, text):
    said = await chat.type(text)
    assert "没有识别到客户信息" in said
    assert "[1] 确认" not in said
    await chat.type("1")  # even a stray press of the first button saves nothing
    assert count(seeded, Customer) == 0
    assert count(seeded, Lead) == 0
    with seeded.session() as s:
        assert s.scalar(select(func.count(AuditEntry.id))) == 0


def test_the_gazetteer_is_built_once_and_rebuilt_after_a_change(seeded):
    from leadscribe.crm.known import gazetteer_for
    from leadscribe.crm.users import by_name

    with seeded.session() as s:
        rep = by_name(s, "小张")
        first = gazetteer_for(s, rep)
        assert gazetteer_for(s, rep) is first  # nothing changed: the same index
        s.add(Customer(owner_id=rep.id, company="无锡德润包装材料有限公司", company_norm="无锡德润包装材料"))
    with seeded.session() as s:
        rep = by_name(s, "小张")
        second = gazetteer_for(s, rep)
        assert second is not first
        assert [m.text for m in second.find("德润那边说下周来")] == ["德润"]
        # another rep's customers are not in 小张's index
        assert gazetteer_for(s, by_name(s, "小陈")).find("德润那边说下周来") == []


async def test_find_by_the_short_form_shows_the_stage(chat):
    await note(chat, FIRST)
    await note(chat, "钟鸣那边合同签了")
    found = await chat.type("查 钟鸣")
    assert ZHONGMING in found and "赢单" in found


async def test_a_note_naming_nobody_but_them_updates_the_latest_customer(chat, seeded):
    await note(chat, FIRST)
    card = await chat.type("他们家说1月10号要上线")
    assert ZHONGMING in card, card
    await chat.type("1")
    with seeded.session() as s:
        (lead,) = s.scalars(select(Lead)).all()
        assert lead.key_date_end is not None and lead.key_date_end.isoformat().endswith("-01-10")
        assert s.scalar(select(func.count(Customer.id))) == 1
    # with nothing about the deal in it, such a note is small talk
    assert "没有识别到" in await chat.type("他们人挺好的")


def test_an_english_first_name_is_the_known_person():
    from leadscribe.crm.capture import _same_person

    assert _same_person("Priya Natarajan", "Priya")
    assert _same_person("Owen", "Owen Brandt")
    assert not _same_person("Owen Brandt", "Olivia Brandt")
    assert not _same_person("Owen Brandt", "Brandt")


def test_a_need_said_short_is_the_same_deal():
    from leadscribe.crm.capture import _char_overlap

    assert _char_overlap("PACS", "PACS影像系统") == 1.0
    assert _char_overlap("门禁", "智能门禁系统") == 1.0
    assert _char_overlap("patient portal", "practice management system") < 0.5
    assert _char_overlap("能耗监测系统", "PMS酒店管理系统") < 0.5


async def test_another_reps_customer_by_its_short_form_is_not_copied(seeded):
    from leadscribe.crm.users import by_name

    chen = make_chat(seeded, user="小陈")
    await note(chen, "昆山瑞丰包装材料有限公司的邬总要一条自动打包线，预算120万")
    zhang = make_chat(seeded)
    reply = await zhang.type("瑞丰包装那边邬总说想再看看方案")
    assert "小陈" in reply and "120" not in reply
    with seeded.session() as s:
        assert s.scalar(select(func.count(Customer.id))) == 1
        assert by_name(s, "小张") is not None


async def test_a_new_organisation_sharing_a_teammates_short_form_is_new(seeded):
    chen = make_chat(seeded, user="小陈")
    await note(chen, "昆山瑞丰包装材料有限公司的邬总要一条自动打包线，预算120万")
    zhang = make_chat(seeded)
    card = await zhang.type("瑞丰物流有限公司的barry想要一套TMS，预算30万，电话13611118888")
    assert "小陈" not in card and "新线索" in card


def test_an_english_title_form_is_the_person_of_that_surname():
    from leadscribe.crm.capture import _same_person

    assert _same_person("Mr. Patel", "Raj Patel")
    assert _same_person("Ngozi Okafor", "Ms. Okafor")
    assert not _same_person("Mr. Patel", "Raj Singh")


async def test_search_wildcards_are_plain_characters(chat):
    await note(chat, FIRST)
    assert ZHONGMING not in await chat.type("查 %")
    assert ZHONGMING not in await chat.type("查 _")
    assert ZHONGMING in await chat.type("查 钟鸣")


async def test_feedback_on_another_reps_lead_is_not_recorded(seeded):
    from leadscribe.bot.payloads import Feedback
    from leadscribe.crm.models import PlaybookFeedback

    chen = make_chat(seeded, user="小陈")
    await note(chen, "昆山瑞丰包装材料有限公司的邬总要一条自动打包线，预算120万")
    with seeded.session() as s:
        lead_id = s.scalar(select(Lead.id))
    zhang = make_chat(seeded)
    forged = Feedback("price_objection", lead_id, True).encode()
    from leadscribe.ports import InboundEvent

    event = InboundEvent(
        channel="console", chat_id="小张", sender_id="小张", message_id="fb1", kind="button", text=forged
    )
    await zhang.dispatcher.handle_now(event)
    with seeded.session() as s:
        assert s.scalar(select(func.count(PlaybookFeedback.id))) == 0


async def test_the_manager_hears_of_a_win_once_and_of_an_undo(chat, seeded):
    await note(chat, FIRST)
    won = await note(chat, "钟鸣那边合同签了")
    assert len(manager_pings(won)) == 1
    again = await note(chat, "钟鸣首付款到了")  # the deal was won already: no second alert
    assert manager_pings(again) == []
    undone = await chat.type("撤销")  # takes back the last note only (首付款到了): it alerted nobody
    assert manager_pings(undone) == []
    assert "没有可以撤销" in await chat.type("撤销")  # one undo, as help promises


async def test_undoing_a_note_that_alerted_the_manager_sends_a_correction(chat, seeded):
    await note(chat, FIRST)
    await note(chat, "钟鸣那边没中标，选了友商")
    retracted = await chat.type("撤销")
    (ping,) = manager_pings(retracted)
    assert "更正" in ping and "小张" in ping


async def test_another_need_with_money_is_a_second_deal_another_person_is_not(chat, seeded):
    await note(chat, f"{ZHONGMING}的韦总要一条SMT产线，预算300万")
    await note(chat, "钟鸣那边还有个MES升级的需求，预算80万")
    await note(chat, "钟鸣还有个财务的邵总监也要拉进来，电话13900001234")
    with seeded.session() as s:
        leads = s.scalars(select(Lead).order_by(Lead.id)).all()
        assert [(lead.budget_max) for lead in leads] == [3_000_000, 800_000]
        assert s.scalar(select(func.count(Customer.id))) == 1


@pytest.mark.parametrize("text", ["刚开完周会 李经理说这个月要冲业绩", "小陈说晚上一起吃饭"])
async def test_a_note_about_a_colleague_creates_nothing(chat, seeded, text):
    said = await chat.type(text)
    assert "[1] 确认" not in said
    assert count(seeded, Customer) == 0
