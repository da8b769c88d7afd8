"""English notes name the customer's organisation after the person: `X from Y`, `X at Y`, `X of Y`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from leadscribe.nlp import extract

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("America/Los_Angeles"))


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Had coffee with Laura Diaz from Redwood Analytics, they want a BI dashboard", "Redwood Analytics"),
        ("Jim Park at Blue Harbor Marina needs 20 tablets", "Blue Harbor Marina"),
        ("Spoke to Priya of Northwind Traders about a WMS", "Northwind Traders"),
        ("Met the CFO at Cedar Grove Hospital, budget $80k", "Cedar Grove Hospital"),
        ("Lisa Wong at Apex Fitness LLC wants a booking system", "Apex Fitness LLC"),
        ("Carlos from Tidewater Property Management called back", "Tidewater Property Management"),
    ],
)
def test_organisation_after_a_person(text: str, company: str) -> None:
    ex = extract(text, NOW, "America/Los_Angeles")
    assert ex.company is not None and ex.company.value == company


@pytest.mark.parametrize(
    "text",
    [
        "Meeting with Ken at 3pm tomorrow",
        "Call Dana on Monday at the office",
        "see you at Starbucks",
        "Nina from accounting says the invoice is fine",
        "Met Omar at December's trade show",
    ],
)
def test_no_organisation(text: str) -> None:
    ex = extract(text, NOW, "America/Los_Angeles")
    assert ex.company is None, ex.company


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Ran into Marcus Oyelaran from Bayside Storage, they need shelving", "Marcus Oyelaran"),
        ("Spoke with Ines Carvalho of Lumen Optics about lab software", "Ines Carvalho"),
        ("Teodor Ruiz at Kestrel Farms wants 3 scanners", "Teodor Ruiz"),
    ],
)
def test_the_person_before_their_organisation(text: str, person: str) -> None:
    ex = extract(text, NOW, "America/Los_Angeles")
    assert ex.contact_name is not None and ex.contact_name.value == person


@pytest.mark.parametrize(
    ("text", "company", "person"),
    [
        (
            "Harborview Animal Hospital, practice owner Dr. Nadia Fox wants online booking",
            "Harborview Animal Hospital",
            None,
        ),
        (
            "Maple Leaf Logistics - Owen Brandt, ops director, needs a yard management system",
            "Maple Leaf Logistics",
            "Owen Brandt",
        ),
        (
            "Brightwater Charter Academy (3 campuses) wants a new SIS, principal Gloria Mendes",
            "Brightwater Charter Academy",
            "Gloria Mendes",
        ),
        ("St. Jude Rehab Center, CFO Alan Pierce wants a billing audit tool", "St. Jude Rehab Center", "Alan Pierce"),
        (
            "Quarry Hill Brewing Co. is looking at a new ERP, brewmaster Sam Ortiz",
            "Quarry Hill Brewing Co.",
            "Sam Ortiz",
        ),
    ],
)
def test_a_note_that_opens_with_the_organisation(text: str, company: str, person: str | None) -> None:
    ex = extract(text, NOW, "America/Los_Angeles")
    assert ex.company is not None and ex.company.value == company
    if person:
        assert ex.contact_name is not None and ex.contact_name.value == person


@pytest.mark.parametrize(
    "text",
    [
        "Great meeting today, will follow up next week",
        "Quick note: call back Monday",
        "Traffic on the 101 was awful",
    ],
)
def test_no_organisation_at_the_start(text: str) -> None:
    assert extract(text, NOW, "America/Los_Angeles").company is None


@pytest.mark.parametrize(
    "text",
    ["Fernhill bumped the budget to $40k, they want to sign by Jan 9", "they want to meet again next week"],
)
def test_an_action_is_no_need(text: str) -> None:
    assert extract(text, NOW, "America/Los_Angeles").need is None


@pytest.mark.parametrize(
    "text",
    [
        "Oakridge wants delivery by Feb 2",
        "they want a demo next Tuesday",
        "Harmon called back, they don't need it anymore",
        "asked for a discount on the renewal",
    ],
)
def test_no_thing_to_buy(text: str) -> None:
    assert extract(text, NOW, "America/Los_Angeles").need is None


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Bayside Labs - Ms. Okafor is Ngozi Okafor, her cell is 415-555-0172", "Ngozi Okafor"),
        ("Dr. Lin's full name is Wei Lin", "Wei Lin"),
    ],
)
def test_a_full_name_given_for_a_title_form(text: str, person: str) -> None:
    ex = extract(text, NOW, "America/Los_Angeles")
    assert ex.contact_name is not None and ex.contact_name.value == person


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Lead: Harmon & Co. | Contact: Rita Vance, CFO | budget <$75K", "Harmon & Co."),
        ("Cust: St. Luke's Senior Care, contact Ann-Marie Kowalski (DON).", "St. Luke's Senior Care"),
        ("Co: 3M Health Information Systems; POC: Jeff Ortiz; $2.5mm", "3M Health Information Systems"),
        ("Acme Corp / Bob Lee (VP Ops) / $40-60k / Q1 / wants WMS", "Acme Corp"),
        ("hey its jose w/ Ramirez Trucking, we're staying with Samsara", "Ramirez Trucking"),
        ("met with jenna torres from bayside credit union she wants a new platform", "bayside credit union"),
        ("quick memo just left harbor freight solutions talked to mike", "harbor freight solutions"),
    ],
)
def test_english_company_in_other_styles(text, company):
    assert extract(text).to_schema()["company"] == company
