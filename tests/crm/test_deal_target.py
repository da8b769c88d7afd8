"""Which deal of a known customer a note updates: the one its need names, before one that has none."""

from __future__ import annotations

from leadscribe.crm.capture import Capture, target_lead
from leadscribe.crm.models import Customer, Lead


def _customer(*needs: str | None) -> Customer:
    return Customer(company="长润农商银行", leads=[Lead(need=n, stage="new") for n in needs])


def test_the_deal_with_that_need_before_a_need_less_one():
    customer = _customer("数据中台", None)
    assert target_lead(customer, Capture(text="长润数据中台没中标", need="长润数据中台")).need == "数据中台"


def test_a_note_without_a_need_names_a_deal_by_its_need():
    customer = _customer("smart locks", "tenant portal")
    cap = Capture(text="Sarah says the smart locks are too expensive")
    assert target_lead(customer, cap).need == "smart locks"


def test_a_note_naming_no_deal_goes_to_the_latest():
    customer = _customer("smart locks", "tenant portal")
    assert target_lead(customer, Capture(text="Sarah says it is too expensive")).need == "tenant portal"
