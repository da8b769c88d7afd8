"""A capture waiting for confirmation: extraction results as plain JSON, and back to a crm Capture."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..crm.capture import Capture, CaptureFlag
from ..nlp.outcome import read_stage
from ..nlp.read import day_part_end, read_action_after, says_another_deal
from ..nlp.types import Extraction, Field
from .i18n import INDUSTRY_EN, lang_of

LOW_CONFIDENCE = 0.6
SCALARS = ("contact_name", "company", "email", "budget", "key_date", "follow_up", "need", "industry")


def _field(f: Field, text: str) -> dict[str, Any]:
    return {"value": f.value, "snippet": text[f.start : f.end], "confidence": round(f.confidence, 3)}


def with_edit(fields: dict[str, Any], name: str, entry: Any) -> dict[str, Any]:
    """The fields with `name` set to `entry`, and the other fields' quotes following the fix: a misheard or
    mistyped name (`青院一中` fixed to 清远一中) no longer stands in the quote the industry was read from."""
    old = fields.get(name)
    wrong = old.get("snippet") if isinstance(old, dict) else None
    right = entry.get("value") if isinstance(entry, dict) else None
    out = dict(fields)
    # only a value that was the words written (a name), not one read from other words (an industry from a name)
    written = isinstance(old, dict) and old.get("value") == wrong
    if written and isinstance(wrong, str) and len(wrong) >= 2 and isinstance(right, str) and right:
        for other, f in fields.items():
            items = f if isinstance(f, list) else [f]
            if other == name or other.startswith("_") or not all(isinstance(i, dict) for i in items):
                continue
            fixed = [{**i, "snippet": i["snippet"].replace(wrong, right)} if i.get("snippet") else i for i in items]
            out[other] = fixed if isinstance(f, list) else fixed[0]
    out[name] = entry
    if name == "competitors" and not any(f.get("kind") == "competitor" for f in out.get("flags") or []):
        # a competitor named by reply is a comparison the card flags (and its playbook follows)
        out["flags"] = [*(out.get("flags") or []), {"kind": "competitor", "snippet": None, "confidence": 1.0}]
    return out


def draft_fields(ex: Extraction) -> dict[str, Any]:
    """Every field with value, source snippet and confidence, ready for a JSON column."""
    out: dict[str, Any] = {}
    for name in SCALARS:
        f = getattr(ex, name)
        if f is not None:
            out[name] = _field(f, ex.text)
    if ex.follow_up is not None:
        end = day_part_end(ex.text, ex.follow_up.end)
        out["follow_up"]["snippet"] = ex.text[ex.follow_up.start : end]
        out["follow_up"]["title"] = read_action_after(ex.text, end)
    if ex.phone:
        out["phone"] = [_field(p, ex.text) for p in ex.phone]
    if ex.competitors:
        out["competitors"] = [_field(c, ex.text) for c in ex.competitors]
    if ex.postponed_to is not None and ex.key_date is None:
        out["_postponed"] = _field(ex.postponed_to, ex.text)
    known = _known(ex)
    if known:
        out["_known"] = known
    if ex.flags:
        out["flags"] = [
            {
                "kind": fl.kind,
                "snippet": ex.text[fl.start : fl.end],
                "competitor": fl.competitor,
                "confidence": round(fl.confidence, 3),
            }
            for fl in ex.flags
        ]
    return out


def _known(ex: Extraction) -> dict[str, list[int]]:
    """The known customers the note's names may mean: its first company name, and its first contact."""
    out: dict[str, list[int]] = {}
    for m in ex.mentions:
        if m.kind not in out:
            out[m.kind] = sorted(m.customer_ids)
    return out


def known_ids(fields: dict[str, Any], kind: str) -> list[int]:
    return list((fields.get("_known") or {}).get(kind) or [])


def has_lead(fields: dict[str, Any]) -> bool:
    """Enough to be worth a card: someone or some organisation, or a deal fact. A flag alone (`路上堵车，晚点到`
    reads as a delay) names no customer."""
    keys = set(fields)
    return bool(keys & {"contact_name", "company", "phone", "email", "need", "budget", "_known"})


def low_confidence(fields: dict[str, Any]) -> list[str]:
    return [name for name, f in fields.items() if isinstance(f, dict) and f.get("confidence", 1.0) < LOW_CONFIDENCE]


def value(fields: dict[str, Any], name: str) -> Any:
    f = fields.get(name)
    if f is None:
        return None
    if isinstance(f, list):
        return [x["value"] for x in f]
    return f["value"]


def to_capture(
    fields: dict[str, Any], text: str, transcript: str | None, channel: str, source: str, said_by: str
) -> Capture:
    budget = value(fields, "budget") or {}
    # a deal put off (`项目推迟到明年3月`) takes the new date as its key date
    key_date = value(fields, "key_date") or value(fields, "_postponed") or {}
    competitors = value(fields, "competitors") or []
    flags = []
    for fl in fields.get("flags") or []:
        competitor = fl.get("competitor")
        if fl["kind"] == "competitor" and not competitor and len(competitors) == 1:
            competitor = competitors[0]
        flags.append(CaptureFlag(fl["kind"], fl.get("snippet"), competitor))
    for name in competitors:
        if not any(f.competitor == name for f in flags):
            flags.append(CaptureFlag("competitor", name, name))
    start, end = key_date.get("start"), key_date.get("end")
    return Capture(
        text=text,
        company=value(fields, "company"),
        industry=value(fields, "industry"),
        contact_name=value(fields, "contact_name"),
        phones=list(value(fields, "phone") or []),
        email=value(fields, "email"),
        need=value(fields, "need"),
        budget_min=budget.get("min"),
        budget_max=budget.get("max"),
        currency=budget.get("currency"),
        key_date_start=date.fromisoformat(start) if start else None,
        key_date_end=date.fromisoformat(end) if end else None,
        follow_up=value(fields, "follow_up"),
        follow_up_title=fields.get("follow_up", {}).get("title") if fields.get("follow_up") else None,
        flags=flags,
        transcript=transcript,
        channel=channel,
        source_message_id=source,
        said_by=said_by,
        stage=read_stage(text),
        another_deal=says_another_deal(text),
    )


def money_text(budget: dict[str, Any] | None, lang: str = "zh") -> str:
    """`50万`, `30万–40万`, `USD 15万` for a Chinese reader; `$150k`, `$1.2M`, `CNY 500k` for an English one."""
    if not budget:
        return ""
    english = lang_of(lang) == "en"
    cur = budget.get("currency") or "CNY"
    sign = "$" if english and cur == "USD" else ""  # each amount carries it: `$50k–$70k`, `≤$100k`

    def one(v: int | None) -> str:
        if v is None:
            return "?"
        if english:
            for size, mark in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
                if v >= size and v % (size // 100) == 0:
                    return f"{sign}{v / size:g}{mark}"
            return f"{sign}{v:,}"
        if v >= 100_000_000 and v % 1_000_000 == 0:
            return f"{v / 100_000_000:g}亿"
        if v >= 10_000 and v % 100 == 0:
            return f"{v / 10_000:g}万"
        return f"{v:,}"

    lo, hi = budget.get("min"), budget.get("max")
    body = one(hi) if lo == hi else (f"≤{one(hi)}" if lo is None else f"{one(lo)}–{one(hi)}")
    return body if sign or (cur == "CNY" and not english) else f"{cur} {body}"


def display(name: str, v: Any, flag_names: dict[str, str], lang: str = "zh") -> str:
    if v is None:
        return ""
    if name == "budget":
        return money_text(v, lang)
    if name == "industry" and lang_of(lang) == "en":
        return INDUSTRY_EN.get(str(v), str(v))
    if name == "key_date":
        start, end = v.get("start"), v.get("end")
        if start is None:
            return (f"by {end}" if lang_of(lang) == "en" else f"{end} 前") if end else ""
        return start if start == end else f"{start} ~ {end}"
    if name == "follow_up":
        return str(v).replace("T", " ")
    if name == "flags":
        return ("、" if lang_of(lang) == "zh" else ", ").join(flag_names.get(k, k) for k in v)
    if isinstance(v, list):
        return ("、" if lang_of(lang) == "zh" else ", ").join(str(x) for x in v)
    return str(v)
