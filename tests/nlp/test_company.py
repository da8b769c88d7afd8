"""The customer organisation as written, without its department."""

from __future__ import annotations

import pytest

from leadscribe.nlp import extract


def company(text: str) -> str | None:
    return extract(text).to_schema()["company"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上周五拜访了市第一人民医院设备科的王主任", "市第一人民医院"),
        ("鑫海农商银行科技部的梁处长想做理财双录系统", "鑫海农商银行"),
        ("市税务局信息中心的赵先生要采购等保测评服务", "市税务局"),
        ("她是安康体检中心的，想采购体检一体机", "安康体检中心"),
        ("跟那个快马网络的曹总通了个电话", "快马网络"),
        ("百佳汇的采购韦经理说年底前要换会员系统", "百佳汇"),
        ("协和那边放射科的刘主任要CT参数", "协和"),
        ("那个Marina Logistics的陈经理说要温控系统", "Marina Logistics"),
        ("方案我们内部过了。我们是华茂物业。", "华茂物业"),
        ("下下周五之前华宇房地产开发有限公司要确定供应商", "华宇房地产开发有限公司"),
        ("大后天下午两点半和润丰银行信用卡中心的柏经理碰一下", "润丰银行"),
        ("下午见了德勤的合伙人Peter Wang，聊审计软件", "德勤"),
        ("【转发】周敏：你好，我们是光明乳业华东区，想了解冷链监控", "光明乳业"),
        ("周四电话回访嘉兴南湖区妇幼保健院的设备科科长", "嘉兴南湖区妇幼保健院"),
        ("下午走访了常州东方精工的采购部王经理", "常州东方精工"),
        ("来自无锡华光环保能源集团的询价：脱硝催化剂", "无锡华光环保能源集团"),
    ],
)
def test_organisations(text, expected):
    assert company(text) == expected


def test_forwarded_sender_organisation():
    assert company("【转发】鲜运冷链 刘总：温控老是出问题") == "鲜运冷链"
    assert company("【转发】国网滨海供电公司物资部：招标推迟至3月") == "国网滨海供电公司"


def test_a_department_alone_is_not_an_organisation():
    assert company("去见质量部的严经理") is None


def test_competitor_is_not_the_customer():
    assert company("迈瑞的监护仪比我们便宜") is None


def test_generic_words_are_not_organisations():
    assert company("学校的刘老师想要排课系统") is None
    assert company("客户那边还没回消息，再等等") is None


def test_kind_of_organisation_is_not_a_name():
    assert company("他们是一家上市公司，想上ERP") is None
    assert company("这家三甲医院的李主任想采购监护仪") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("招商银行深圳分行的IT负责人马总想做反欺诈", "招商银行深圳分行"),
        ("国美电器的采购VP Kevin Li 在看自助收银", "国美电器"),
    ],
)
def test_organisation_before_a_mixed_role_and_its_person(text, expected):
    assert company(text) == expected


def test_organisation_before_a_role_that_talked_with_the_rep():
    assert company("上午和长城汽车的采购聊了半小时，想要焊装夹具") == "长城汽车"


def test_an_airport_is_an_organisation():
    assert company("深圳宝安机场的设备处钟处长说要行李分拣系统") == "深圳宝安机场"


def test_an_organisation_owns_a_named_department():
    assert company("周五下午和中车株洲的工程部碰一下方案") == "中车株洲"
    assert company("他们的采购部说下周给答复") is None  # a pronoun owns nothing named


@pytest.mark.parametrize("text", ["新来的白总说下周来看样", "刚来的王经理想了解一下", "以前的张主任调走了"])
def test_how_long_a_person_has_been_there_is_no_organisation(text):
    assert company(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("李总(南京金陵酒店):价格能不能再低一点", "南京金陵酒店"),
        ("王经理（华锐精密）说下周来", "华锐精密"),
        ("去东方电气拜访钱总", "东方电气"),
        ("王工(采购)说要报价", None),  # a role
        ("张总（销售部）下周来", None),  # a department
    ],
)
def test_organisation_in_brackets_after_the_person(text, expected):
    assert company(text) == expected
