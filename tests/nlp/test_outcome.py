"""A note that says a deal closed: won or lost, in Chinese and English; negated or open talk is neither."""

from __future__ import annotations

import pytest

from leadscribe.nlp.outcome import read_outcome


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("周总那边合同签了，下周付首款", "won"),
        ("恒信招标结果出来了，我们中标了", "won"),
        ("客户已经签约了，等回款", "won"),
        ("这个单子成交了", "won"),
        ("PO signed this morning for 40 units", "won"),
        ("They signed the contract yesterday", "won"),
        ("医院那个项目没中标", "lost"),
        ("客户最后选了海康，丢单了", "lost"),
        ("学校说设备不需要了", "lost"),
        ("They went with another vendor", "lost"),
        ("合同还没签，下周再说", None),
        ("合同还没有签下来", None),
        ("客户在比较三家的方案", None),
        ("预算提到80万了", None),
        ("客户决定用我们的方案", None),
        ("We lost the deal to Zebra", "lost"),
        ("Harbor Foods signed the purchase order this morning", "won"),
        ("They still have not signed the contract", None),
        ("Kim hasn't signed the PO yet", None),
        ("Closed our deal with Lakeview at $40k", "won"),
        ("Birchfield decided not to buy this year", "lost"),
        ("嘉和那边回款到了", "won"),
        ("首付款今天打过来了", "won"),
        ("尾款已经到账", "won"),
        ("回款还没到", None),
        ("they are not moving forward with us", "lost"),
        ("Harmon called back, they don't need it anymore", "lost"),
        ("the clinic no longer needs the scanners", "lost"),
    ],
)
def test_outcome_of_a_note(text, outcome):
    assert read_outcome(text) == outcome


@pytest.mark.parametrize(
    ("text", "refers"),
    [
        ("他们家说下个月要上线", True),
        ("对方说预算批下来了", True),
        ("they pushed the signing to March", True),
        ("今天好累", False),
        ("王总说想要一套门禁", False),
        ("明天下雨", False),
    ],
)
def test_a_note_may_speak_of_a_customer_without_naming_it(text, refers):
    from leadscribe.nlp.names import refers_back

    assert refers_back(text) is refers
