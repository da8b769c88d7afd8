"""Time rules of SCHEMA.md: expected dates are computed from the chosen `now`, never copied."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leadscribe.nlp import extract
from leadscribe.nlp.components.when import extract_dates

SH = ZoneInfo("Asia/Shanghai")
# A Wednesday in November: weeks start on Monday, so this week's Monday is two days back.
NOW = datetime(2026, 11, 25, 14, 40, tzinfo=SH)
TODAY = NOW.date()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


def key(text: str, now: datetime = NOW):
    k, _ = extract_dates(text, now)
    return None if k is None else k.value


def follow(text: str, now: datetime = NOW):
    _, f = extract_dates(text, now)
    return None if f is None else f.value


def day(d: date) -> dict[str, str]:
    return {"start": d.isoformat(), "end": d.isoformat()}


def until(d: date) -> dict[str, str | None]:
    return {"start": None, "end": d.isoformat()}


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def test_week_words():
    assert key("合同下周一签") == day(MONDAY + timedelta(days=7))
    assert key("下下周三开标") == day(MONDAY + timedelta(days=16))
    assert key("本周五拍板") == day(MONDAY + timedelta(days=4))
    assert key("这周四签约") == day(MONDAY + timedelta(days=3))
    assert follow("星期二上午去拜访") == (MONDAY + timedelta(days=8)).isoformat()  # bare: nearest from today on
    assert follow("礼拜三去拜访") == TODAY.isoformat()
    assert key("周五前要拍板") == until(MONDAY + timedelta(days=4))


def test_relative_days_and_hours():
    assert follow("明天下午三点去拜访") == f"{TODAY + timedelta(days=1)}T15:00"
    assert follow("后天晚上8点约了吃饭") == f"{TODAY + timedelta(days=2)}T20:00"
    assert follow("大后天下午两点半碰一下") == f"{TODAY + timedelta(days=3)}T14:30"
    assert follow("明天十点半去演示") == f"{TODAY + timedelta(days=1)}T10:30"
    # without 上午/下午, one to six o'clock is a working afternoon
    assert follow("下周二三点半去拜访") == f"{MONDAY + timedelta(days=8)}T15:30"
    assert follow("明天9点去拜访") == f"{TODAY + timedelta(days=1)}T09:00"
    assert follow("明天上午再跟他电话沟通") == (TODAY + timedelta(days=1)).isoformat()  # 上午: hour unsaid
    assert follow("明天下午三点前把参数发过去") == f"{TODAY + timedelta(days=1)}T15:00"
    assert follow("明天早上9点带工程师过去") == f"{TODAY + timedelta(days=1)}T09:00"


def test_colloquial_days_and_mid_month():
    assert follow("过两天去拜访一下陈经理") == (TODAY + timedelta(days=2)).isoformat()
    assert follow("大后天见王总") == (TODAY + timedelta(days=3)).isoformat()
    assert follow("月中之前把报价发过去") == "2026-12-15"  # the 25th: this month's middle is past
    assert follow("月中之前把报价发过去", NOW.replace(day=9)) == "2026-11-15"
    assert key("客户说月初定下来", NOW) == {"start": "2026-12-01", "end": "2026-12-10"}
    assert key("下个月中招标") == day(date(2026, 12, 15))  # said in November
    assert key("3月中开标") == day(date(2027, 3, 15))
    assert key("12月中国产化项目立项") == {"start": "2026-12-01", "end": "2026-12-31"}  # 中国 is no mid-month


def test_months_quarters_and_years_prefer_the_future():
    assert key("3月招标") == {"start": f"{TODAY.year + 1}-03-01", "end": f"{TODAY.year + 1}-03-31"}
    assert key("11月份必须完工") == {"start": f"{TODAY.year}-11-01", "end": f"{TODAY.year}-11-30"}
    assert key("12月中旬开标") == {"start": f"{TODAY.year}-12-11", "end": f"{TODAY.year}-12-20"}
    assert key("12月上旬上线") == {"start": f"{TODAY.year}-12-01", "end": f"{TODAY.year}-12-10"}
    assert key("12月下旬交付") == {"start": f"{TODAY.year}-12-21", "end": f"{TODAY.year}-12-31"}
    assert key("一季度开标") == {"start": f"{TODAY.year + 1}-01-01", "end": f"{TODAY.year + 1}-03-31"}
    assert key("明年Q2立项") == {"start": f"{TODAY.year + 1}-04-01", "end": f"{TODAY.year + 1}-06-30"}
    assert key("明年下半年招标") == {"start": f"{TODAY.year + 1}-07-01", "end": f"{TODAY.year + 1}-12-31"}
    assert key("推到明年了，采购") == {"start": f"{TODAY.year + 1}-01-01", "end": f"{TODAY.year + 1}-12-31"}
    assert key("2027年3月15日开标") == day(date(2027, 3, 15))


def test_month_ends_and_deadlines():
    assert key("年底上线") == day(date(TODAY.year, 12, 31))
    assert key("年底前要切换完成") == until(date(TODAY.year, 12, 31))
    assert key("今年年内要完成立项") == until(date(TODAY.year, 12, 31))
    assert key("月底前打款") == until(month_end(TODAY.year, TODAY.month))
    nxt = date(TODAY.year + (TODAY.month == 12), TODAY.month % 12 + 1, 1)
    assert key("下月底签约") == day(month_end(nxt.year, nxt.month))
    assert key("下个月五号开盘之前要上线") == until(nxt.replace(day=5))
    assert key("下周三之前会拍板") == until(MONDAY + timedelta(days=9))
    assert key("要两周内上线") == until(TODAY + timedelta(days=14))
    assert key("一周内定下来") == until(TODAY + timedelta(days=7))
    assert key("本季度内签掉") == until(date(TODAY.year, 12, 31))
    early = NOW.replace(day=5)
    assert key("这个月二十号之前要确定供应商", early) == until(early.date().replace(day=20))


def test_day_of_month_rolls_over():
    past_day = TODAY.day - 1
    expect = date(TODAY.year + (TODAY.month == 12), TODAY.month % 12 + 1, past_day)
    assert key(f"{past_day}号签约") == day(expect)
    assert key(f"{TODAY.day + 1}号签约") == day(TODAY + timedelta(days=1))


def test_holidays():
    # Spring Festival 2027 falls on 6 February; 国庆 said in November is next October.
    assert key("春节前要上线") == until(date(2027, 2, 6))
    assert key("国庆前交付") == until(date(TODAY.year + 1, 10, 1))
    assert key("元旦前签约") == until(date(TODAY.year + 1, 1, 1))


def test_year_rolls_over_in_december():
    dec = datetime(2026, 12, 30, 10, 0, tzinfo=SH)  # a Wednesday
    assert key("1月上线", dec) == {"start": "2027-01-01", "end": "2027-01-31"}
    assert key("下下周三开标", dec) == day(date(2027, 1, 13))
    assert follow("下周三前发一份方案给我", dec) == "2027-01-06"
    assert key("下月底签约", dec) == day(date(2027, 1, 31))
    assert key("明天上午他们盖章签约", dec) == day(date(2026, 12, 31))


def test_key_date_and_follow_up_are_told_apart():
    k, f = extract_dates("约了下周二上午去厂里看现场，预计明年二季度交付", NOW)
    assert f is not None and f.value == (MONDAY + timedelta(days=8)).isoformat()
    assert k is not None and k.value["start"] == f"{TODAY.year + 1}-04-01"
    assert key("下周四之前要我们出一个方案") is None
    assert follow("下周四之前要我们出一个方案") == (MONDAY + timedelta(days=10)).isoformat()
    assert follow("这周五部门团建，记得报名") is None
    assert key("这个月已经坏了三次了") is None


def test_past_events_are_neither():
    assert extract_dates("上周五拜访了王主任", NOW) == (None, None)
    assert extract_dates("昨天去拜访了李总", NOW) == (None, None)
    assert extract_dates("今天下午拜访了李总", NOW) == (None, None)


def test_replaced_date_is_not_the_milestone():
    assert key("招标时间由1月推迟至2027年3月15日") == day(date(2027, 3, 15))
    q1 = {"start": f"{TODAY.year + 1}-01-01", "end": f"{TODAY.year + 1}-03-31"}
    assert key("项目原定本月签约，现在推迟到明年一季度") == q1
    assert key("还是按原计划12月20号交付") == day(date(TODAY.year, 12, 20))


def test_durations():
    assert key("半个月内上线") == until(TODAY + timedelta(days=15))
    assert key("两周后开标") == day(TODAY + timedelta(days=14))
    assert follow("三天后给他回电话") == (TODAY + timedelta(days=3)).isoformat()
    assert follow("本周内给他报价") == until(MONDAY + timedelta(days=6))["end"]
    assert key("年前要上线") == until(date(2027, 2, 6))  # 年前 = before the Spring Festival


def test_evening_words_and_bare_hours():
    assert follow("今晚八点给他回电话") == f"{TODAY}T20:00"
    assert follow("明晚7点约了吃饭") == f"{TODAY + timedelta(days=1)}T19:00"
    assert follow("下午三点给张总回电话") == f"{TODAY}T15:00"  # later today: NOW is 14:40
    assert follow("客户提了两点要求，我去处理") is None


def test_new_york_tomorrow_is_the_new_york_day():
    # 21:30 on 24 Nov in New York is already 25 Nov in Shanghai: 明天 is 25 Nov for the user.
    ny = datetime(2026, 11, 24, 21, 30, tzinfo=ZoneInfo("America/New_York"))
    assert follow("明天上午十点半我去他们总部演示", ny) == "2026-11-25T10:30"
    via_pipeline = extract("明天上午十点半我去他们总部演示", ny.astimezone(SH), tz="America/New_York")
    assert via_pipeline.follow_up is not None and via_pipeline.follow_up.value == "2026-11-25T10:30"


def test_span_points_at_the_date():
    text = "王总说下下周三开标"
    k, _ = extract_dates(text, NOW)
    assert k is not None and text[k.start : k.end] == "下下周三"


@pytest.mark.parametrize("text", ["", "收到", "5个点", "比分3:1", "200家门店"])
def test_no_date(text):
    assert extract_dates(text, NOW) == (None, None)


def test_english_dates_resolve_like_chinese_ones():
    nxt_tue = MONDAY + timedelta(days=7 + 1)
    assert follow("Call her next Tuesday at 2pm") == f"{nxt_tue.isoformat()}T14:00"
    assert follow("demo tomorrow 10:30am") == f"{(TODAY + timedelta(days=1)).isoformat()}T10:30"
    assert key("decision by end of January") == until(date(2027, 1, 31))
    assert key("they will sign the contract on March 15") == day(date(2027, 3, 15))
    assert key("tender in late March") == {"start": "2027-03-21", "end": "2027-03-31"}
    assert key("go-live within two weeks") == until(TODAY + timedelta(days=14))
    assert key("tender closes 12th of January") == day(date(2027, 1, 12))


def test_english_hold_and_may_are_no_dates():
    assert key("the rollout is on hold until Q2 next year") is None
    assert key("the project was pushed to March") is None  # put off, no milestone named
    assert follow("I may call you back") is None
    assert key("sign in May") == {"start": "2027-05-01", "end": "2027-05-31"}


def test_english_postponed_milestone_takes_its_new_date():
    """As `招标推迟到3月`: a delay keeps the stage and the milestone it names moves to the new day."""
    assert key("the tender was postponed to March") == {"start": "2027-03-01", "end": "2027-03-31"}
    assert key("the signing slipped to Dec 15") == day(date(2026, 12, 15))
    assert key("board pushed the vote on the tutoring platform to April 22") == day(date(2027, 4, 22))


def test_english_periods_ahead():
    assert key("decision end of next month") == day(date(2026, 12, 31))
    assert key("decision next quarter") == {"start": "2027-01-01", "end": "2027-03-31"}
    assert key("go live by next quarter") == until(date(2027, 3, 31))
    assert key("must be spent by end of June") == until(date(2027, 6, 30))
    assert key("sign EOY") == day(date(2026, 12, 31))
    assert key("need a decision by Friday the 11th") == until(date(2026, 12, 11))


def test_english_numeric_days_and_recaps():
    assert key("board vote 12/10 - next step: send SOW Wed") == day(date(2026, 12, 10))
    assert follow("Call recap 11/19 - renewal is 1/31") is None  # a day just gone is a recap, not next year
    assert key("Call recap 11/19 - renewal is 1/31") == day(date(2027, 1, 31))
    assert key("RFP went out Nov 2, award mid-December") == {"start": "2026-12-11", "end": "2026-12-20"}


def test_english_cue_before_the_date_in_a_dictated_note():
    assert key("they are deciding by end of january call her back thursday") == until(date(2027, 1, 31))
    assert follow("they are deciding by end of january call her back thursday") == "2026-11-26"


def test_an_abbreviation_does_not_end_the_clause():
    assert follow("明天上午9点跟Pacific Dental的Dr. Chen电话") == f"{(TODAY + timedelta(days=1)).isoformat()}T09:00"


def test_a_bid_date_is_a_milestone_and_money_that_came_today_is_past():
    assert key("中信那边下周三投标") == {
        "start": (MONDAY + timedelta(days=9)).isoformat(),
        "end": (MONDAY + timedelta(days=9)).isoformat(),
    }
    assert key("尾款今天打过来的") is None


def test_a_decision_before_a_date_is_a_milestone():
    assert key("他们说12月20号前定") == {"start": None, "end": "2026-12-20"}


def test_a_review_is_a_milestone_and_a_deferred_tender_keeps_its_date():
    assert key("下周三技术评审") == {"start": "2026-12-02", "end": "2026-12-02"}
    assert key("明年Q3再启动招标") == {"start": "2027-07-01", "end": "2027-09-30"}
    assert key("明年再说") is None
