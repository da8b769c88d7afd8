"""A department between the organisation and the person (`X的采购部孙经理`), and a full name followed by its own
title form (`李建华李总`): the organisation and the full name are what the CRM keeps."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from leadscribe.nlp import extract

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def person_of(text: str) -> str | None:
    found = extract(text, NOW, "Asia/Shanghai").contact_name
    return None if found is None else found.value


def company_of(text: str) -> str | None:
    found = extract(text, NOW, "Asia/Shanghai").company
    return None if found is None else found.value


@pytest.mark.parametrize(
    ("text", "company", "person"),
    [
        ("金桥宾馆的前厅部刘经理说要换前台系统", "金桥宾馆", "刘经理"),
        ("正泰电器的采购部孙经理问报价", "正泰电器", "孙经理"),
        ("宏远物流的仓储部何主管要二十把扫码枪", "宏远物流", "何主管"),
        ("新华书店的财务部曹会计说发票收到了", "新华书店", "曹会计"),
    ],
)
def test_department_between_organisation_and_person(text: str, company: str, person: str) -> None:
    assert company_of(text) == company
    assert person_of(text) == person


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("刚和李建华李总通了电话，他们想做一套OA", "李建华"),
        ("王芳王经理说下周来公司看看", "王芳"),
        ("孙立新孙主任那边同意了", "孙立新"),
        ("跟欧阳明欧阳总吃了个饭", "欧阳明"),
    ],
)
def test_full_name_before_its_title_form(text: str, person: str) -> None:
    assert person_of(text) == person


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("李总和王总都在", "李总"),
        ("张伟说李总下周来", "张伟"),
    ],
)
def test_two_people_stay_two(text: str, person: str) -> None:
    assert person_of(text) == person


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("李总全名叫李国栋，下周来厂里", "李国栋"),
        ("对接的王经理，全名王丽华", "王丽华"),
        ("那个陈工大名叫陈思远，电话13600001111", "陈思远"),
        ("欧阳总全名是欧阳建明", "欧阳建明"),
    ],
)
def test_a_full_name_said_outright(text: str, person: str) -> None:
    assert person_of(text) == person


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("西安高新区博远信息技术有限公司运维部的景经理要堡垒机", "西安高新区博远信息技术有限公司"),
        ("南宁青秀区凤岭社区卫生服务中心的农主任想要随访系统", "南宁青秀区凤岭社区卫生服务中心"),
        ("太原晋阳新能源汽车销售服务公司的郝经理", "太原晋阳新能源汽车销售服务公司"),
        ("活动在三菱重工联合船舶公司长崎工厂举行", "三菱重工联合船舶公司"),
    ],
)
def test_long_registered_names_keep_their_city(text: str, company: str) -> None:
    assert company_of(text) == company


@pytest.mark.parametrize(
    ("text", "company", "industry"),
    [
        ("跟宁德时代的采购聊了一下电池仓储的事", "宁德时代", "制造"),
        ("喜茶那边说门店要换一批点单屏", "喜茶", "餐饮"),
        ("中通的区域经理问分拣线报价", "中通", "物流"),
        ("龙湖物业那边要智慧停车", "龙湖", "房地产"),
    ],
)
def test_a_well_known_brand_is_the_organisation_and_says_its_industry(text, company, industry):
    ex = extract(text, NOW, "Asia/Shanghai")
    assert ex.company is not None and ex.company.value.startswith(company)
    assert ex.industry is not None and ex.industry.value == industry


def test_a_brand_weighed_against_us_is_a_competitor_not_the_customer():
    ex = extract("客户在拿我们和阿里云对比，嫌贵", NOW, "Asia/Shanghai")
    assert ex.company is None or "阿里" not in ex.company.value


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("见了徐工集团的俞总，他们要备件平台", "俞总"),
        ("李工程公司的王经理说下周来", "王经理"),
    ],
)
def test_a_title_form_that_opens_an_organisation_name_is_no_person(text, person):
    assert person_of(text) == person


@pytest.mark.parametrize(
    ("text", "company", "person"),
    [
        ("无锡华澄纺织 钱总 要一套染色车间MES 预算60万", "无锡华澄纺织", "钱总"),
        ("成都蜀禾食品 谢经理说下周签", "成都蜀禾食品", "谢经理"),
        ("南昌赣源茶业  邹总 想做溯源系统", "南昌赣源茶业", "邹总"),
    ],
)
def test_a_place_led_name_before_a_person_is_the_organisation(text, company, person):
    assert company_of(text) == company
    assert person_of(text) == person


@pytest.mark.parametrize("text", ["今天下午 王总说要签", "下周三上午 李经理说要签"])
def test_a_time_before_a_person_is_no_organisation(text):
    assert extract(text, NOW, "Asia/Shanghai").company is None
