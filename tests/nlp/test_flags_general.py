"""Flag families the real customer-turn suite showed missing or wrong, proved on sentences written here."""

from __future__ import annotations

import pytest

from leadscribe.nlp import extract

from .test_dev_score import DATA, _predict, _scorer


def kinds(text: str) -> set[str]:
    return {f.kind for f in extract(text).flags}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # an A-not-A question asks; its 没 denies nothing
        ("有没有便宜一点的型号", "price_objection"),
        ("还有没有优惠", "price_objection"),
        # price protection and price-drop refunds are price talk
        ("刚买完就降了，我要申请价保", "price_objection"),
        ("降价了能不能补差价", "price_objection"),
        ("能包邮吗", "price_objection"),
        ("有优惠券可以用吗", "price_objection"),
        # putting off the decision or the delivery
        ("我们内部再商量商量", "delay"),
        ("好的我再想想", "delay"),
        ("那我考虑一下再回复你", "delay"),
        ("周末家里没人，送货改到下周二吧", "delay"),
        ("能不能延迟发货", "delay"),
        # dissatisfaction with what we sent or did
        ("你们物流怎么这么慢", "complaint"),
        ("收到的是假货吧，和专柜的不一样", "complaint"),
        ("约好的师傅到现在还没来安装", "complaint"),
        ("屏幕碎了，包装也是破的", "complaint"),
    ],
)
def test_flag_family(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我想退货，怎么申请", "complaint"),  # a return request alone is no complaint
        ("退款到账了，谢谢", "complaint"),
        ("你们的服务从来没让我失望", "complaint"),
        ("对比一下两个订单的地址", "competitor"),  # comparing without another vendor
        ("价格不是问题，关键看质量", "price_objection"),
    ],
)
def test_not_this_flag(text, kind):
    assert kind not in kinds(text)


def test_waiting_for_an_answer_is_no_delay():
    assert "delay" not in kinds("报价发过去了，对方还没回，再等等吧")


@pytest.mark.parametrize(
    ("text", "vendor"),
    [("酒店现在用的是石基，想换一套新的PMS", "石基"), ("他们也在和绿云谈", "绿云"), ("餐厅那边在比较二维火", "二维火")],
)
def test_well_known_vendors_of_an_industry_are_competitors(text, vendor):
    assert vendor in [c.value for c in extract(text).competitors]


@pytest.mark.parametrize(
    "text",
    ["最后选了神州数码，我们没戏了", "They went with a local reseller", "客户选了友商的方案"],
)
def test_losing_to_another_vendor_is_a_competitor(text):
    assert "competitor" in kinds(text)


def test_choosing_us_is_no_competitor():
    assert "competitor" not in kinds("客户最后选了我们")


@pytest.mark.parametrize("text", ["Fairview pushed it to next April", "they pushed everything to Q2"])
def test_pushing_a_deal_out_is_a_delay(text):
    assert "delay" in kinds(text)


def test_met_at_a_fair_names_the_organisation():
    assert extract("今天在展会碰到汇通达供应链的人，说想上WMS").company.value == "汇通达供应链"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("之前是东软在做这块，合同明年到期", "competitor"),
        ("他们也在聊商汤，下周一起演示", "competitor"),
        ("现在用金税盘的老系统，想换掉", "competitor"),
        ("客户说万达信息报得更低", "price_objection"),
        ("对方说友商便宜两成", "price_objection"),
        ("园长在群里抱怨我们的考勤机老掉线", "complaint"),
        ("医生们都在吐槽系统太难用", "complaint"),
        ("客服热线一直打不通，客户很有意见", "complaint"),
        ("报表数据又算错了，第二次了", "complaint"),
    ],
)
def test_more_ways_reps_report_a_flag(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我们现在用的是新版本，客户很满意", "competitor"),
        ("客户说没什么意见，下周签", "complaint"),
    ],
)
def test_not_these_flags(text, kind):
    assert kind not in kinds(text)


def test_the_written_flag_set_keeps_its_floor():
    """tests/data/flags_general.jsonl: 120 turns written on the conventions of real/README.md §4 (0.556 on the
    rules before they were written, 0.995 after; the rules were fitted with it in view, so this guards, it does
    not measure)."""
    gold, preds = _predict(DATA / "flags_general.jsonl")
    report, _ = _scorer().score(gold, preds, ["flags", "competitors"])
    assert report["micro"]["f1"] >= 0.97, report


def test_the_second_written_flag_set_keeps_its_floor():
    """tests/data/flags_general2.jsonl: the first 110 of 160 turns written apart (0.739 before the rules were fitted
    with it in view, 1.0 after: a guard, not a measure)."""
    gold, preds = _predict(DATA / "flags_general2.jsonl")
    report, _ = _scorer().score(gold, preds, ["flags", "competitors"])
    assert report["micro"]["f1"] >= 0.97, report


def test_the_second_set_check_keeps_its_floor():
    """tests/data/flags_general2_check.jsonl: the last 50 of those turns, scored only, errors never read
    (0.742 before, 0.762 after: the honest unseen figure, mostly recall)."""
    gold, preds = _predict(DATA / "flags_general2_check.jsonl")
    report, _ = _scorer().score(gold, preds, ["flags", "competitors"])
    assert report["micro"]["f1"] >= 0.74, report


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a second round written after the rules (0.50 micro on them before this round's cues)
        ("买的空调外机有异响，晚上吵得睡不着", "complaint"),
        ("包裹显示签收了，可我根本没收到", "complaint"),
        ("你们这个客服机器人答非所问", "complaint"),
        ("收到的奶粉罐子是瘪的", "complaint"),
        ("安装费怎么比说好的多了一百", "complaint"),
        ("That's not what I ordered, I got the wrong color.", "complaint"),
        ("优惠能不能再多一点", "price_objection"),
        ("这个价格还能再谈吗", "price_objection"),
        ("昨天买的今天就降了二十，给我补一下吧", "price_objection"),
        ("满两百减二十的活动还有吗", "price_objection"),
        ("我跟家里人商量一下再说", "delay"),
        ("先别发货，我这两天不在家", "delay"),
        ("我在苏宁看到同款便宜五十", "competitor"),
    ],
)
def test_second_round_families(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("衣服尺码偏大，我想换小一码", "competitor"),
        ("华为的这个型号还有货吗", "competitor"),
        ("价格无所谓，能今天发货就行", "price_objection"),
        ("我等你们客服回复", "delay"),
        ("申请了换货，能不能快点处理", "complaint"),
    ],
)
def test_second_round_not_these(text, kind):
    assert kind not in kinds(text)
