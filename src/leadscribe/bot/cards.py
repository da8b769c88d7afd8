"""Confirm cards: each field with the words it came from, unsure ones marked, and the three buttons."""

from __future__ import annotations

from typing import Any

from ..ports import Button, Reply
from .drafts import display, low_confidence
from .i18n import FIELD_ORDER, FLAG_NAMES, field_label, lang_of, say
from .payloads import DraftAction


def field_lines(fields: dict[str, Any], lang: str) -> list[str]:
    flag_names = FLAG_NAMES[lang_of(lang)]
    unsure = set(low_confidence(fields))
    lines = []
    for name in FIELD_ORDER:
        f = fields.get(name)
        if not f:
            continue
        if name == "flags":
            kinds = [fl["kind"] for fl in f]
            snippets = "；".join(fl["snippet"] for fl in f if fl.get("snippet"))
            shown = display("flags", list(dict.fromkeys(kinds)), flag_names, lang)
        elif isinstance(f, list):
            shown = display(name, [x["value"] for x in f], flag_names, lang)
            snippets = "；".join(x["snippet"] for x in f if x.get("snippet"))
        else:
            shown = display(name, f["value"], flag_names, lang)
            snippets = f.get("snippet") or ""
        mark = "❓" if name in unsure else "•"
        quote = f"  「{snippets}」" if snippets and snippets != shown else ""
        colon = "：" if lang_of(lang) == "zh" else ": "
        lines.append(f"{mark} {field_label(lang, name)}{colon}{shown}{quote}")
    return lines


def heard_lines(lang: str, heard: str | None) -> list[str]:
    """What a voice note was heard as, with a word on the [brackets] when Whisper was unsure of some words."""
    if not heard:
        return []
    lines = [say(lang, "transcript", text=heard)]
    if "[" in heard:
        lines.append(say(lang, "transcript_unsure"))
    return lines


def draft_card(
    chat_id: str,
    draft_id: int,
    fields: dict[str, Any],
    lang: str,
    match_company: str | None,
    transcript: str | None = None,
    changes: list[str] | None = None,
) -> Reply:
    title = say(lang, "card_title_update", company=match_company) if match_company else say(lang, "card_title")
    body = heard_lines(lang, transcript)
    body += field_lines(fields, lang)
    body += [f"🔄 {c}" for c in changes or []]
    unsure = low_confidence(fields)
    if unsure:
        body.append(say(lang, "card_low", fields="、".join(field_label(lang, n) for n in unsure)))
    body.append(say(lang, "card_hint"))
    if match_company:  # only a card that updates a known customer can be kept apart from it
        body.append(say(lang, "card_hint_merge"))
    buttons = [
        Button(say(lang, "confirm"), DraftAction("confirm", draft_id).encode()),
        Button(say(lang, "edit"), DraftAction("edit", draft_id).encode()),
        Button(say(lang, "cancel"), DraftAction("cancel", draft_id).encode()),
    ]
    return Reply(chat_id=chat_id, title=title, text="\n".join(body), buttons=buttons)
