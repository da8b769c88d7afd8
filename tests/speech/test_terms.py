"""Homophone snapping to the sales vocabulary: fixes misheard domain words, leaves correct text alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadscribe.speech.correct import snap_surnames
from leadscribe.speech.engine import Hints, build_prompt
from leadscribe.speech.terms import correct_terms, vocabulary

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("宏达电子有现公司", "宏达电子有限公司"),  # 有现 -> 有限 (company suffix)
        ("总誉算八十万", "总预算八十万"),  # 誉算 -> 预算 (sales vocabulary)
        ("他们更倾向卖锐", "他们更倾向迈瑞"),  # competitor lexicon
        ("要求下周给出证改报告", "要求下周给出整改报告"),
        ("冷恋车的温控", "冷链车的温控"),
        ("客户想上一套光伏你变器", "客户想上一套光伏逆变器"),  # 你 inside a longer word of the same sound
        ("到货以后首机联系我", "到货以后手机联系我"),
        ("区里的应极管理局要招标", "区里的应急管理局要招标"),
        ("超市想换一套收音系统", "超市想换一套收银系统"),  # whole words, but a long word of the very same sound
    ],
)
def test_misheard_domain_words_are_snapped(heard: str, meant: str) -> None:
    assert correct_terms(heard) == meant


def _texts(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def test_correct_text_is_never_changed() -> None:
    texts = _texts("dev.jsonl") + _texts("lead_holdout.jsonl") + _texts("lead_holdout2.jsonl")
    texts += _texts("crosswoz_phone_val.jsonl")
    assert len(texts) > 300
    assert [t for t in texts if correct_terms(t) != t] == []
    assert [t for t in texts if snap_surnames(t) != t] == []


def test_everyday_words_and_function_words_survive() -> None:
    # 老是 sounds like 老师, 店里 like 电力: whole dictionary words are not misspellings
    assert correct_terms("温控老是出问题") == "温控老是出问题"
    assert correct_terms("我们在店里吃饭") == "我们在店里吃饭"


def test_a_reps_own_names_are_protected() -> None:
    # 华贸 is the customer's real name: the vocabulary must not rewrite it
    assert correct_terms("华贸务业", keep=["华贸务业"]) == "华贸务业"
    assert correct_terms("华贸务业") == "华贸物业"


def test_vocabulary_reads_the_nlp_lexicons() -> None:
    words = vocabulary()
    assert {"预算", "有限公司", "迈瑞"} <= words
    assert all(2 <= len(w) <= 6 for w in words)


def test_prompt_only_from_the_reps_crm() -> None:
    assert build_prompt(None) == ("", "")
    prompt, hot = build_prompt(Hints(companies=["杭州云帆"], contacts=["陈总"]))
    assert "杭州云帆" in prompt and "陈总" in hot


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("冷链流总你们的车", "冷链刘总你们的车"),
        ("快马网络的草总通了电话", "快马网络的曹总通了电话"),
        ("前院长那边", "钱院长那边"),
    ],
)
def test_misheard_surname_before_a_title_is_snapped(heard: str, meant: str) -> None:
    assert snap_surnames(heard) == meant


@pytest.mark.parametrize("said", ["那个副总说", "项目经理说", "部署总共二十万", "老总说", "付总说"])
def test_titles_and_real_surnames_stay(said: str) -> None:
    assert snap_surnames(said) == said


def test_pauses_become_commas_but_numbers_and_english_keep_their_spaces() -> None:
    from leadscribe.speech.engine import punctuate

    assert punctuate(["单价380 要500台", "总共19万"]) == "单价380，要500台，总共19万"
    assert punctuate(["手机 138 1234 5678"]) == "手机，138 1234 5678"
    assert punctuate(["Pacific Dental 的 Dr. Chen"]) == "Pacific Dental 的 Dr. Chen"
    assert punctuate(["好的。", "明天见"]) == "好的。明天见"


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("仓库装的温度传染器失灵了", "仓库装的温度传感器失灵了"),  # 染 for 感: one syllable, same final
        ("工厂的扣压机老是漏气", "工厂的空压机老是漏气"),  # 扣 for 空: same initial
    ],
)
def test_one_near_sounding_character_in_a_long_word_is_snapped(heard: str, meant: str) -> None:
    assert correct_terms(heard) == meant


@pytest.mark.parametrize(
    "said",
    [
        "能不能再便一点",  # 便利店 is two characters away
        "下周上演示",  # 实验室 differs in every character
        "北京海润艾丽华酒店",  # a name that sounds a little like 智慧酒店
        "准备下周一追加采购10台服务器",  # 台 and 云 share no sound
        "便利的采购说",  # a function word is changed only for a word of exactly its sound
    ],
)
def test_near_sounds_need_one_odd_character_sharing_a_sound(said: str) -> None:
    assert correct_terms(said) == said


def test_a_surname_before_a_title_starts_no_correction() -> None:
    assert correct_terms("厂里的李工说设备老化了") == "厂里的李工说设备老化了"  # not 理工
    assert correct_terms("上智能门金总预算200万") == "上智能门禁总预算200万"  # a word may end on it


def test_a_second_pass_sees_the_first_passs_repair() -> None:
    assert correct_terms("他们原来用的华卫迎，想换掉") == "他们原来用的华为云，想换掉"
