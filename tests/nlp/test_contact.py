"""The contact: full name or surname + title, Latin names, a forward's sender; a bare title is nothing."""

from __future__ import annotations

import pytest

from leadscribe.nlp import extract


def contact(text: str) -> str | None:
    return extract(text).to_schema()["contact_name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("跟蓝天幼儿园的园长郑女士约了周六去看场地", "郑女士"),
        ("宏达电子有限公司的何工说传感器不良率太高", "何工"),
        ("明天中午约了盛源银行的贺行长吃饭", "贺行长"),
        ("联系人：杨建华，盛世新材料股份有限公司", "杨建华"),
        ("对接人是方经理，电话0571-8765 4321", "方经理"),
        ("华风风电场的戴明说交期最重要", "戴明"),
        ("龙凤楼的老板Mr. Wong说可以接受", "Mr. Wong"),
        ("跟Lim Wei Ming开完会，他们想上预约系统", "Lim Wei Ming"),
        ("数澜信息的产品VP Kevin说要配BI工具", "Kevin"),
        ("他们的总经理张伟说下个月签合同", "张伟"),
        ("，李明经理说下周来", "李明"),
        ("老刘那边说项目往后推两个月", "老刘"),
        ("联系人秦立伟手机13662258890办公室0512-6523 7788", "秦立伟"),
    ],
)
def test_names_and_titles(text, expected):
    assert contact(text) == expected


def test_words_with_lao_or_xiao_are_not_address_forms():
    assert contact("他们想做个小程序，老师们都在用") is None


def test_bare_title_is_null():
    assert contact("主任说方案收到了，他先看看。") is None


def test_words_starting_with_a_title_are_not_names():
    assert contact("总价560万，施工队下周进场，员工培训也要安排") is None


def test_surname_inside_the_word_before_is_skipped():
    assert contact("通达快运的仓储经理姚经理说要上AGV") == "姚经理"


def test_forwarded_sender_wins_over_names_in_the_body():
    assert contact("【转发】李经理：我们张总说这次的内窥镜项目在对比") == "李经理"
    assert contact("【转发】Emma Clarke：Northbridge Bank这边预算不超过£200,000") == "Emma Clarke"


def test_forwarded_organisation_without_person_has_no_contact():
    assert contact("【转发】国网滨海供电公司物资部：招标时间推迟") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("宁波银行的技术负责人马总下周要方案", "马总"),  # 人马 is a word, but 负责人 is the role before him
        ("项目对接人马工说图纸周五给", "马工"),
        ("仓储经理说货架不够", None),  # 储 is no surname here
    ],
)
def test_surname_title_after_a_role_word(text, expected):
    assert extract(text).to_schema()["contact_name"] == expected


def test_the_person_spoken_to_is_not_the_contact():
    assert extract("小周，帮我记一下：美的 唐经理 要两百台空调").to_schema()["contact_name"] == "唐经理"
    assert extract("张总，您好，方案已经发到您邮箱了").to_schema()["contact_name"] == "张总"  # no one else named


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新希望乳业的小林说价格不是问题", "小林"),  # 小林 and 老王 are in jieba's dictionary, as names
        ("老王说下周签", "老王"),
        ("小马电话里说要三台", "小马"),
        ("两个小时后老师说经费不够", None),
        ("我们小区要装门禁", None),
        ("小米的手机降价了", None),
    ],
)
def test_familiar_address_by_surname_is_a_person_everyday_words_are_not(text, expected):
    assert contact(text) == expected


@pytest.mark.parametrize("text", ["元旦前要交付", "年底前要把系统换掉", "春节前要到货"])
def test_a_holiday_or_part_of_the_year_is_no_name(text):
    assert contact(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [("郑总的手机号是13912345678", "郑总"), ("王总的电话13912345678，下午打", "王总"), ("总的来说还不错", None)],
)
def test_what_belongs_to_a_titled_person_names_them(text, name):
    from leadscribe.nlp import extract

    found = extract(text).contact_name
    assert (found.value if found else None) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mary-Kate Olsen-Reyes at Olsen, Reyes & Partners LLP called", "Mary-Kate Olsen-Reyes"),
        ("Had coffee w/ D'Andre Williams from 7-Eleven Franchise Group 14.", "D'Andre Williams"),
        ("Robert J. Kessler (SVP Finance, First Keystone Bancorp) wants core banking", "Robert J. Kessler"),
        ("Dr. Samuel K. Osei, Osei Family Medicine PLLC, wants telehealth.", "Samuel K. Osei"),
        ("Cust: St. Luke's Senior Care, contact Ann-Marie Kowalski (DON).", "Ann-Marie Kowalski"),
        ("Yesterday's meeting with Frank DeLuca (DeLuca Family Farms): wants sensors", "Frank DeLuca"),
        ("met with jenna torres from bayside credit union she wants a platform", "jenna torres"),
        ("note to self called greg from titan steel fabricators no answer", "greg"),
    ],
)
def test_english_name_forms(text, name):
    assert contact(text) == name
