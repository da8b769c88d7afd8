"""The segmenter: jieba-fast-dat when installed, jieba otherwise, both taught the same domain words."""

from __future__ import annotations

import builtins

import jieba

from leadscribe.nlp import pipeline, segment

TEXT = "华东医疗器械有限公司的张总想上一套智慧食堂系统，预算300万"


def test_the_pipeline_uses_the_fast_segmenter_with_the_domain_words():
    nlp = pipeline.get_pipeline()
    assert nlp.tokenizer.jieba_seg.__name__ == "jieba_fast_dat"
    assert "有限公司" in [t.text for t in nlp.make_doc(TEXT)]  # a domain word, split off the name


def test_without_it_jieba_cuts_the_same_words(monkeypatch):
    real_import = builtins.__import__

    def no_fast(name, *args, **kwargs):
        if name == "jieba_fast_dat":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_fast)
    slow = segment._load()
    assert slow is jieba
    assert slow.lcut(TEXT) == segment.lcut(TEXT)
    assert segment.word_freq("有限公司") == slow.get_FREQ("有限公司") > 0


def test_building_the_pipeline_does_not_load_jiebas_python_dictionary():
    """spaCy's own jieba set-up loads it (about a second); the fast segmenter carries its own."""
    import subprocess
    import sys

    code = (
        "import jieba; from leadscribe.nlp.pipeline import build_pipeline; "
        "nlp = build_pipeline(); assert [t.text for t in nlp.make_doc('华东医疗有限公司')][-1] == '有限公司'; "
        "print(jieba.dt.initialized)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
