"""Context-licensed sound-alike fixes: titles after surnames, spoken amounts, time words, read-out phone numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadscribe.speech.correct import snap_surnames, spoken_phones
from leadscribe.speech.spoken import snap_said, snap_sign, snap_time_words, snap_titles, spoken_amounts

DATA = Path(__file__).resolve().parents[1] / "data"


def _texts() -> list[str]:
    out = []
    for name in ("dev.jsonl", "lead_holdout.jsonl", "lead_holdout2.jsonl", "crosswoz_phone_val.jsonl"):
        path = DATA / name
        if path.exists():
            out += [json.loads(x)["text"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return out


def test_correct_text_is_never_changed() -> None:
    texts = _texts()
    assert len(texts) > 300
    for fix in (snap_titles, snap_said, spoken_amounts, snap_time_words, snap_sign):
        assert [t for t in texts if fix(t) != t] == [], fix.__name__


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("星河物流的孙公说车坏了", "星河物流的孙工说车坏了"),
        ("他们的许攻那边还没回", "他们的许工那边还没回"),
        ("跟杨宗约了周四", "跟杨总约了周四"),
        ("采购部的邓经历说太贵", "采购部的邓经理说太贵"),
    ],
)
def test_title_homophone_after_a_surname_is_snapped(heard: str, meant: str) -> None:
    assert snap_titles(heard) == meant


@pytest.mark.parametrize(
    "said",
    [
        "他们成功说服了老板",
        "王公司那边",
        "张公开表示支持",
        "在办公室里说",
        "她老公说",
        "周公子说",
        "小李的经历说明问题",
    ],
)
def test_words_that_hold_the_sound_stay(said: str) -> None:
    assert snap_titles(said) == said


def test_a_name_after_a_role_is_snapped_even_when_the_role_makes_a_word_with_it() -> None:
    # 监犯 is a dictionary word, but after the role 总监 the next character starts the contact's name
    assert snap_surnames("售后总监犯总对方案很满意") == "售后总监范总对方案很满意"
    assert snap_surnames("项目总监理工程师说") == "项目总监理工程师说"


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("项目预算三点无意", "项目预算三点五亿"),
        ("合同金额二点八碗", "合同金额二点八万"),
        ("合同额四点二营我周五过去", "合同额四点二亿我周五过去"),  # nasal ending confused
        ("预算控制在80万亿美元", "预算控制在80万以内"),
        ("总价不超过两千万已内", "总价不超过两千万以内"),
        ("预算的话大概是500问左右", "预算的话大概是500万左右"),  # 万 heard with the wrong vowel
        ("合同金额六十碗，下周签", "合同金额六十万，下周签"),
        ("储能系统的合同2.3赢，我周六过去", "储能系统的合同2.3亿，我周六过去"),  # a decimal in digits
        ("预算1.5碗左右", "预算1.5万左右"),
    ],
)
def test_spoken_amount_homophones(heard: str, meant: str) -> None:
    assert spoken_amounts(heard) == meant


@pytest.mark.parametrize(
    "said",
    [
        "便宜一点无意义",
        "快一点无所谓",
        "他说三点无意外就到",
        "预算八十万以内",
        "预算两千万一台",
        "预算的事我问了三个问题",  # no amount before 问
        "预算800问题不大",  # 问题 is a word
        "预算五十以上",
        "我明天三点问一下预算",  # no money cue before the number
        "预算版本2.0以后再说",  # 以后 is a word
        "合同第3.2条要改",
    ],
)
def test_amounts_and_everyday_phrases_stay(said: str) -> None:
    assert spoken_amounts(said) == said


@pytest.mark.parametrize(
    ("heard", "meant"), [("合同本基督内签", "合同本季度内签"), ("下个极度开始招标", "下个季度开始招标")]
)
def test_quarter_homophone_after_a_time_word(heard: str, meant: str) -> None:
    assert snap_time_words(heard) == meant


@pytest.mark.parametrize("said", ["今天这几度的天气", "他对基督教很了解", "增长了几度"])
def test_quarter_sound_without_its_time_word_stays(said: str) -> None:
    assert snap_time_words(said) == said


@pytest.mark.parametrize(
    ("heard", "meant"),
    [("手机139.520.61187", "手机13952061187"), ("座机0755，2631，8890", "座机075526318890")],
)
def test_read_out_number_groups_join(heard: str, meant: str) -> None:
    assert spoken_phones(heard) == meant


@pytest.mark.parametrize("said", ["单价1,200.50元", "合同13,800,000,000元", "版本3.10.2", "增长2.35"])
def test_amounts_and_versions_are_no_phone(said: str) -> None:
    assert spoken_phones(said) == said


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("储能系统的合同下周一千合同额两亿", "储能系统的合同下周一签合同额两亿"),
        ("框架协议月底千，然后再说", "框架协议月底签，然后再说"),
    ],
)
def test_sign_heard_as_thousand_after_a_day_in_a_contract_sentence(heard: str, meant: str) -> None:
    assert snap_sign(heard) == meant


@pytest.mark.parametrize(
    "said", ["合同下周一千台的量要备好", "合同金额下周一千万到账", "我们下周一千万别忘了回访", "下周一千人大会"]
)
def test_a_thousand_that_counts_stays(said: str) -> None:
    assert snap_sign(said) == said


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("海天集团的王总书这个方案可以", "海天集团的王总说这个方案可以"),
        ("采购部的照功收样机不错", "采购部的照功说样机不错"),  # snap_titles then reads 照工说
        ("财务的李经理所价格还能谈", "财务的李经理说价格还能谈"),
    ],
)
def test_said_heard_as_a_near_sound_after_a_title(heard: str, meant: str) -> None:
    assert snap_said(heard) == meant


@pytest.mark.parametrize(
    "said", ["王总收到了报价", "这是总书记讲的", "李工所以没来", "张总说的没错", "书店的老板收钱", "项目成功收尾"]
)
def test_words_after_a_title_stay(said: str) -> None:
    assert snap_said(said) == said


def test_said_then_title_then_surname_repairs_a_whole_contact() -> None:
    assert snap_surnames(snap_titles(snap_said("设备部的照功收光伏板坏了"))) == "设备部的赵工说光伏板坏了"


def test_a_function_word_before_a_longer_title_word_is_no_surname() -> None:
    assert snap_surnames("这是总书记讲的") == "这是总书记讲的"
    assert snap_surnames("南城小馆和老板说") == "南城小馆何老板说"


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("城南饭店的卓老百说下月开业", "城南饭店的卓老板说下月开业"),
        ("那个严老版说要先看样品", "那个严老板说要先看样品"),
    ],
)
def test_a_two_character_title_heard_with_a_wrong_final(heard: str, meant: str) -> None:
    assert snap_titles(heard) == meant


@pytest.mark.parametrize("said", ["老百姓说好", "市场部的刘老表说", "王经济说"])
def test_near_titles_that_are_words_stay(said: str) -> None:
    assert snap_titles(said) == said
