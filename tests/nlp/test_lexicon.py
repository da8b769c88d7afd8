"""Lexicons are plain files a user can extend without code (LEADSCRIBE_LEXICON_DIR)."""

from __future__ import annotations

from leadscribe.nlp import lexicon
from leadscribe.nlp.components.flags import find_competitors


def test_comments_and_blank_lines_are_skipped():
    words = lexicon.words("competitors.txt")
    assert "销售易" in words
    assert not any(w.startswith("#") or not w.strip() for w in words)


def test_extra_directory_adds_entries(tmp_path, monkeypatch):
    (tmp_path / "competitors.txt").write_text("# ours\n云鹊科技\n", encoding="utf-8")
    monkeypatch.setenv(lexicon.EXTRA_DIR_ENV, str(tmp_path))
    lexicon.clear_cache()
    try:
        names = [f.value for f in find_competitors("云鹊科技的人昨天也来报过价")]
        assert names == ["云鹊科技"]
        assert "销售易" in lexicon.words("competitors.txt")
    finally:
        monkeypatch.delenv(lexicon.EXTRA_DIR_ENV)
        lexicon.clear_cache()
    assert find_competitors("云鹊科技的人昨天也来报过价") == []  # named by no context: only the lexicon knows it


def test_patterns_in_cue_lists():
    assert lexicon.cue_regex("flags_price_objection.txt").search("经费紧张，只有十万")


def test_extra_industry_keyword_reaches_extract(tmp_path, monkeypatch):
    from leadscribe.nlp import extract

    text = "云山咖啡的王总想上一套会员积分"
    assert extract(text).to_schema()["industry"] != "教育"
    (tmp_path / "industries.txt").write_text("咖啡\t教育\n", encoding="utf-8")
    monkeypatch.setenv(lexicon.EXTRA_DIR_ENV, str(tmp_path))
    lexicon.clear_cache()
    try:
        assert extract(text).to_schema()["industry"] == "教育"
    finally:
        monkeypatch.delenv(lexicon.EXTRA_DIR_ENV)
        lexicon.clear_cache()
