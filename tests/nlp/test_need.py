"""What the customer wants to buy, as written."""

from __future__ import annotations

import pytest

from leadscribe.nlp import extract


def need(text: str) -> str | None:
    return extract(text).to_schema()["need"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("实验中学的刘老师想要一套排课系统，全校120个班", "排课系统"),
        ("他们计划采购两台彩超，预算大概180万", "彩超"),
        ("每家店配一套点餐系统加硬件，总共十五万", "点餐系统"),
        ("他们想做那个家校沟通的小程序 然后", "家校沟通的小程序"),
        ("要采购售楼处的中央空调，明年开标", "中央空调"),
        ("省人民医院的高主任说HIS系统升级项目12月开标", "HIS系统升级"),
        ("数据中台要上线，需要配一套BI工具，我们报价12万", "BI工具"),
        ("想上一套中文收银+会员系统，预算5万美元", "中文收银+会员系统"),
        ("他们想采购一套智慧黑板，预算40万", "智慧黑板"),
    ],
)
def test_needs(text, expected):
    assert need(text) == expected


def test_phone_words_are_not_products():
    assert need("总机020-3888 6000，回头再联系") is None


def test_nothing_to_buy():
    assert need("这周五部门团建，记得报名") is None


def test_bare_product_word_right_after_a_buying_cue():
    assert need("客户公司在深圳，想做个小程序") == "小程序"


def test_need_after_a_verb_and_de_has_no_de():
    assert need("孙经理说上个月买的打印机老卡纸") == "打印机"


def test_a_crash_is_not_a_product():
    assert need("他们现在的收银系统老死机") != "收银系统老死机"


def test_a_meeting_verb_glued_by_the_segmenter_ends_the_need():
    assert need("周四下午三点开会讨论仓库温控系统") == "仓库温控系统"


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("Paul Young called about a permit management system.", "permit management system"),
        ("they want to sign the contract for the fraud monitoring service on june 1", "fraud monitoring service"),
        ("Lead: Harmon & Co. | ph 312.555.0188 | need: AP automation", "AP automation"),
        ("Pinnacle Dental Partners; Dr. Lisa O'Hara; 12 offices; imaging software; $1.1M", "imaging software"),
        ("NEW LEAD >> Quantum Fintech Inc >> Raj Malhotra CTO >> KYC API >> $8k/mo", "KYC API"),
        ("met jenny at the mixer interested in our patient portal wants a demo next thursday", "patient portal"),
        ("和 Laura Bennett 开了会，想要 guest WiFi upgrade，budget around $120k", "guest WiFi upgrade"),
        ("We need to go live by end of September.", None),
    ],
)
def test_english_need_in_other_styles(text, need):
    assert extract(text).to_schema()["need"] == need
