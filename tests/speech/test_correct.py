"""Sound-alike correction against the rep's CRM names, and spoken digits to phone numbers."""

from __future__ import annotations

from leadscribe.speech.correct import correct_names, similarity, spoken_phones

HEARD = "今天见了沉走，航州云帆那边要报价"


def test_corrects_when_the_crm_has_the_names() -> None:
    assert correct_names(HEARD, ["陈总", "杭州云帆"]) == "今天见了陈总，杭州云帆那边要报价"


def test_no_false_correction_with_unrelated_names() -> None:
    assert correct_names(HEARD, ["李经理", "北京华为", "王总", "深圳大疆"]) == HEARD


def test_dissimilar_names_score_below_threshold() -> None:
    assert similarity("王总", "陈总") < 0.8 < similarity("沉走", "陈总")
    assert similarity("陈总", "陈总经理") == 0.0  # different lengths never match


def test_already_correct_text_untouched() -> None:
    assert correct_names("陈总说杭州云帆下周招标", ["陈总", "杭州云帆"]) == "陈总说杭州云帆下周招标"


def test_spoken_mobile_number_becomes_digits() -> None:
    assert spoken_phones("电话一三八一二三四五六七八") == "电话13812345678"
    assert spoken_phones("号码是幺三九 零零零零 一一二二") == "号码是13900001122"


def test_short_digit_runs_stay_words() -> None:
    assert spoken_phones("预算三十万，一二三期") == "预算三十万，一二三期"
