"""The conversation, channel-free: one inbound event and its user in, replies (and pings) out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..crm.capture import WORKDAY_END, Capture, preview_changes, record_capture
from ..crm.known import gazetteer_for
from ..crm.models import Customer, Draft, User
from ..crm.resolve import Resolution, latest_customer, resolve
from ..crm.users import chat_address, is_teammate, preferred_channel
from ..nlp import extract, names
from ..nlp.intent import Intent, read_intent
from ..nlp.read import names_a_day, names_a_stretch, part_of_day, stretch_start
from ..ports import Button, InboundEvent, Reply
from . import commands
from .cards import draft_card, heard_lines
from .drafts import display, draft_fields, has_lead, known_ids, to_capture, value, with_edit
from .edits import normalise, parse_edit
from .i18n import FLAG_NAMES, INDUSTRY_EN, field_label, lang_of, say, stage_label
from .payloads import DraftAction, Feedback, Pick, decode
from .playbooks import Playbook, choose, load_playbooks, record_feedback

FORWARD_PREFIX = re.compile(rf"^\s*{names.FORWARD_MARK.pattern}", re.IGNORECASE)
WorkdayEnd = Callable[[User], time]
Briefing = Callable[[Session, User, datetime], str]
WorkingDay = Callable[[User, date], bool]
DAY_PARTS = {"morning": time(10), "noon": time(12), "afternoon": time(15), "evening": time(19)}
REFERS_BACK_WITHIN = timedelta(hours=12)  # `他们家…` means the customer of a note from today, not last week
NEW_CUSTOMER = re.compile(r"^\s*(新客户|不是同一个|new customer)\s*$", re.IGNORECASE)


@dataclass
class Out:
    """A message to send: to the chat the event came from, or to another user (a manager ping)."""

    reply: Reply
    channel: str
    context: dict[str, str] | None = None
    recipient_id: int | None = None


@dataclass
class Turn:
    event: InboundEvent
    user: User
    now: datetime
    transcript: str | None = None
    heard: str | None = None  # the transcript as shown: unsure words in [brackets]
    outs: list[Out] = field(default_factory=list)
    intent: Intent | None = None  # read once per turn
    _acknowledged: bool = False

    @property
    def text(self) -> str:
        return (self.event.text or "").strip()

    def say(self, text: str, title: str | None = None, buttons: list[Button] | None = None) -> None:
        self.send(Reply(chat_id=self.event.chat_id, text=text, title=title, buttons=buttons or []))

    def send(self, reply: Reply) -> None:
        """A reply to the rep: in the chat the message came from, or privately when that was a group (cards and
        answers hold customers' details that other members must not read; the group hears only that)."""
        ev = self.event
        if not ev.group:
            self.outs.append(Out(reply, ev.channel, dict(ev.reply_context) or None))
            return
        private = chat_address(self.user, ev.channel) or ev.sender_id
        self.outs.append(Out(replace(reply, chat_id=private), ev.channel))
        if not self._acknowledged:
            self._acknowledged = True
            ack = Reply(chat_id=ev.chat_id, text=say(self.user.language, "group_ack"))
            self.outs.append(Out(ack, ev.channel, dict(ev.reply_context) or None))


@dataclass(frozen=True)
class Route:
    """One way a turn is handled."""

    name: str
    matches: Callable[[Session, Turn], bool]
    handle: Callable[[Session, Turn], None]


class Conversation:
    def __init__(
        self,
        playbooks_file: str = "",
        workday_end: WorkdayEnd | None = None,
        briefing: Briefing | None = None,
        day_parts: dict[str, time] | None = None,
        working_day: WorkingDay | None = None,
    ) -> None:
        self.playbooks_file = playbooks_file
        # the hour of `明天上午` (a part of the day, no clock), and whether a day is worked on the rep's calendar
        self.day_parts = day_parts or DAY_PARTS
        self.working_day: WorkingDay = working_day or (lambda user, day: day.weekday() < 5)
        # the morning briefing on request (`简报`): reminders builds it, the wiring hands it in
        self.briefing = briefing
        # the rep's team policy says when their working day ends (a bare date is due then)
        self.workday_end: WorkdayEnd = workday_end or (lambda user: WORKDAY_END)
        # in order: the first whose `matches` holds handles the turn (python-telegram-bot's handler groups)
        self.routes: tuple[Route, ...] = (
            Route("button", lambda session, turn: turn.event.kind == "button", self._button),
            Route("new customer", self._is_new_customer, self._new_customer),
            Route("command", self._is_command, self._command),
            Route("edit", self._is_edit, self._edit),
            Route("capture", lambda session, turn: True, self._capture),
        )

    def handle(self, session: Session, turn: Turn) -> list[Out]:
        """The first route that matches the turn handles it (a button, a command, an edit of the open card,
        else a note to capture)."""
        route = next(r for r in self.routes if r.matches(session, turn))
        route.handle(session, turn)
        return turn.outs

    # requests: commands, questions, yes/no to the open card ----------------
    def _intent(self, session: Session, turn: Turn) -> Intent:
        if turn.intent is None:
            text = turn.text.lstrip("/")
            pending = self._open_draft(session, turn.user) is not None
            turn.intent = read_intent(text, pending) if turn.event.kind != "forwarded" else Intent("note")
        return turn.intent

    def _is_command(self, session: Session, turn: Turn) -> bool:
        return self._intent(session, turn).name != "note"

    def _command(self, session: Session, turn: Turn) -> None:
        intent = self._intent(session, turn)
        user, now, args = turn.user, turn.now, intent.args
        if intent.name in ("confirm", "cancel"):
            draft = self._open_draft(session, user)
            if draft is None:
                turn.say(say(user.language, "no_draft"))
            elif intent.name == "cancel":
                draft.status = "cancelled"
                turn.say(say(user.language, "cancelled"))
            elif (draft.fields.get("_meta") or {}).get("choices"):
                turn.say(say(user.language, "choose_first"))  # which customer it is comes first
            else:
                self._confirm(session, turn, draft)
            return
        run = {
            "tasks": lambda: commands.tasks(session, user, now, args.get("period", "today")),
            "customers": lambda: commands.customers(session, user),
            "search": lambda: commands.find(session, user, args.get("query", "")),
            "briefing": lambda: self.briefing(session, user, now) if self.briefing else say(user.language, "help"),
            "done": lambda: commands.done(session, user, str(args.get("n", 1)), now),
            "reschedule": lambda: commands.reschedule(
                session, user, f"{args.get('n', 1)} {args.get('when', '')}", now, self.workday_end(user)
            ),
            "undo": lambda: self._undo(session, turn),
            "smalltalk": lambda: say(user.language, "smalltalk"),
        }.get(intent.name, lambda: say(user.language, "help"))
        turn.say(run())

    # capture --------------------------------------------------------------
    def _capture(self, session: Session, turn: Turn) -> None:
        ev, user, text = turn.event, turn.user, turn.text
        forwarded = ev.kind == "forwarded" or bool(FORWARD_PREFIX.match(text))
        source_text = text
        if ev.kind == "forwarded" and ev.forwarded_from and not FORWARD_PREFIX.match(text):
            # let extraction see who said it, as a forwarded line reads in Chinese chat apps
            source_text = names.forwarded(ev.forwarded_from, text)
        known = gazetteer_for(session, user)
        ex = extract(source_text, turn.now, user.tz, known, by_sound=turn.transcript is not None)
        fields = draft_fields(ex)
        if is_teammate(session, value(fields, "contact_name")):
            fields.pop("contact_name")  # a colleague (`李经理说要冲业绩`, `Hi Amy`) is nobody's contact
        cap = to_capture(fields, text, turn.transcript, ev.channel, "", "customer" if forwarded else "rep")
        # `他们家说1月10号要上线`: no name, but about the customer the rep just wrote about
        recent = self._referred(session, turn, cap, fields)
        if not has_lead(fields) and recent is None:
            heard = turn.heard or turn.transcript
            # a voice note always shows what was heard, so a misheard one can be checked and typed again
            lines = heard_lines(user.language, heard)
            turn.say("\n".join([*lines, say(user.language, "nothing")]))
            return
        found = resolve(session, user, cap, known_ids(fields, "company"), known_ids(fields, "contact"))
        if recent is not None and found.customer is None and not found.choices and found.taken_by is None:
            found = Resolution(customer=recent)
        if found.customer is None and not found.choices and found.taken_by is None:
            found = self._teammates(session, user, source_text, cap.company) or found
        if found.taken_by is not None:
            self._taken(turn, found, cap.company or cap.contact_name or "-")
            return
        fields["_meta"] = {
            "source": f"{ev.channel}:{ev.message_id}",
            "said_by": cap.said_by,
            "transcript": turn.transcript,
            "heard": turn.heard,
            "channel": ev.channel,
            "match_id": found.customer.id if found.customer else None,
            "match_company": _label(found.customer) if found.customer else None,
            "choices": [c.id for c in found.choices],
            "new_customer": False,
        }
        earlier = self._open_draft(session, user)
        draft = Draft(user_id=user.id, text=source_text, fields=fields, created_at=turn.now)
        session.add(draft)
        session.flush()
        if found.choices:
            self._ask_which(turn, draft, found.choices)
            return
        self._show_card(session, turn, draft, earlier)

    def _referred(self, session: Session, turn: Turn, cap: Capture, fields: dict[str, Any]) -> Customer | None:
        """The latest customer, when the note names nobody but speaks of them (`他们`, `那边`, `they`) and says
        something about the deal (a date, money, a stage, a flag)."""
        if cap.company:
            return None
        # `回款到了🎉`, `PO signed!`: a win or a loss said alone is news of the customer just written about
        said_alone = cap.stage in ("won", "lost") and not (cap.contact_name or cap.phones)
        if not said_alone and not names.refers_back(turn.text):
            return None
        # a new person is theirs only when the note says so (`their CFO Dana joined`, not `王总说他们想要…`)
        if (cap.contact_name or cap.phones) and not names.refers_back(turn.text, belonging=True):
            return None
        facts = {"key_date", "_postponed", "budget", "flags", "need", "contact_name", "phone"}
        if not (set(fields) & facts or cap.stage):
            return None
        return latest_customer(session, turn.user, turn.now - REFERS_BACK_WITHIN)

    def _teammates(self, session: Session, user: User, text: str, company: str | None) -> Resolution | None:
        """A customer a teammate follows, named the way the team names it (`瑞丰包装那边…`): 撞单, not new.
        A longer name the note gives (`恒远物流` beside a teammate's 恒远精密) is another organisation."""
        manager = user.manager
        if manager is None:
            return None
        team = gazetteer_for(session, manager)
        for m in team.find(text):
            if m.kind != "company" or (company and company != m.text and not team.is_company_form(company)):
                continue
            for customer_id in sorted(m.customer_ids):
                customer = session.get(Customer, customer_id)
                if customer is not None and customer.owner_id != user.id:
                    return Resolution(taken_by=customer.owner, taken=customer)
        return None

    def _ask_which(self, turn: Turn, draft: Draft, choices: list[Customer]) -> None:
        """Two equally good candidates (two 郑总 at two companies): ask, never guess."""
        lang = turn.user.language
        lines = [say(lang, "choose")]
        buttons = []
        for n, c in enumerate(choices):
            people = "、".join(k.name for k in c.contacts if k.name) or "-"
            lines.append(say(lang, "choice", n=n + 1, company=_label(c), contacts=people))
            buttons.append(Button(_label(c), Pick(draft.id, n).encode()))
        buttons.append(Button(say(lang, "choice_new"), Pick(draft.id, len(choices)).encode()))
        turn.say("\n".join(lines), buttons=buttons)

    def _taken(self, turn: Turn, found: Resolution, name: str) -> None:
        """Another rep's customer (撞单): say who to ask and tell the manager; nothing else about it."""
        user, owner = turn.user, found.taken_by
        assert owner is not None and found.taken is not None
        manager = user.manager
        also = say(user.language, "taken_manager", manager=manager.name) if manager and manager != owner else ""
        turn.say(say(user.language, "taken", name=name, owner=owner.name, manager=also))
        if manager is not None:
            text = say(manager.language, "ping_taken", rep=user.name, owner=owner.name, customer=_label(found.taken))
            self._tell(turn, manager, text)

    def _card(self, session: Session, draft: Draft, chat_id: str, user: User) -> Reply:
        meta = draft.fields.get("_meta") or {}
        company = None if meta.get("new_customer") else meta.get("match_company")
        changes: list[str] = []
        match = session.get(Customer, meta["match_id"]) if company and meta.get("match_id") else None
        if match is not None:
            cap = to_capture(draft.fields, draft.text, None, "", "", "rep")
            flag_names = FLAG_NAMES[lang_of(user.language)]
            for name, old, new in preview_changes(match, cap):
                label = say(user.language, "stage_word") if name == "stage" else field_label(user.language, name)
                if name == "stage":
                    old, new = stage_label(user.language, old), stage_label(user.language, new)
                else:
                    lang = user.language
                    old, new = display(name, old, flag_names, lang), display(name, new, flag_names, lang)
                changes.append(say(user.language, "change", field=label, old=old, new=new))
        heard = meta.get("heard") or meta.get("transcript")
        return draft_card(chat_id, draft.id, draft.fields, user.language, company, heard, changes)

    def _open_draft(self, session: Session, user: User) -> Draft | None:
        return session.scalar(
            select(Draft).where(Draft.user_id == user.id, Draft.status == "open").order_by(Draft.id.desc()).limit(1)
        )

    def _show_card(self, session: Session, turn: Turn, draft: Draft, earlier: Draft | None = None) -> None:
        """The card of `draft`; with an `earlier` card still open, a line and a button to save that one too: a
        new note never silently replaces a card the rep has not answered."""
        ev = turn.event
        card = self._card(session, draft, ev.chat_id, turn.user)
        if earlier is not None and earlier.id != draft.id:
            lang = turn.user.language
            summary = _draft_summary(earlier) or "-"
            card = replace(
                card,
                text=card.text + "\n" + say(lang, "earlier_open", summary=summary),
                buttons=[
                    *card.buttons,
                    Button(say(lang, "save_earlier"), DraftAction("confirm", earlier.id).encode()),
                ],
            )
        turn.send(card)

    # edits of the open card -----------------------------------------------
    def _is_new_customer(self, session: Session, turn: Turn) -> bool:
        return turn.event.kind != "forwarded" and bool(NEW_CUSTOMER.match(turn.text))

    def _new_customer(self, session: Session, turn: Turn) -> None:
        user = turn.user
        draft = self._open_draft(session, user)
        if draft is None:
            turn.say(say(user.language, "no_draft"))
            return
        draft.fields = {**draft.fields, "_meta": {**draft.fields["_meta"], "new_customer": True}}
        turn.say(say(user.language, "new_customer"))
        self._show_card(session, turn, draft)

    def _is_edit(self, session: Session, turn: Turn) -> bool:
        """`电话 139…` edits the open card; with nothing open it is a new note."""
        return (
            turn.event.kind != "forwarded"
            and parse_edit(turn.text) is not None
            and self._open_draft(session, turn.user) is not None
        )

    def _edit(self, session: Session, turn: Turn) -> None:
        user = turn.user
        draft = self._open_draft(session, user)
        parsed = parse_edit(turn.text)
        assert draft is not None and parsed is not None
        name, raw = parsed
        entry = normalise(name, raw, turn.now, user.tz)
        label = field_label(user.language, name)
        if entry is None:
            text = say(user.language, "edit_failed", field=label, value=raw)
            if name == "industry":  # say what is allowed
                allowed = INDUSTRY_EN.values() if lang_of(user.language) == "en" else INDUSTRY_EN.keys()
                text += "\n" + say(user.language, "allowed", values=" / ".join(allowed))
            turn.say(text)
            return
        draft.fields = with_edit(draft.fields, name, entry)
        shown = display(
            name,
            [e["value"] for e in entry] if isinstance(entry, list) else entry["value"],
            FLAG_NAMES[lang_of(user.language)],
            user.language,
        )
        turn.say(say(user.language, "edited", field=label, value=shown))
        self._show_card(session, turn, draft)

    # buttons --------------------------------------------------------------
    def _button(self, session: Session, turn: Turn) -> None:
        user = turn.user
        payload = decode(turn.text)
        if isinstance(payload, Feedback):
            stored = record_feedback(session, user.id, payload.playbook_id, payload.lead_id, payload.useful)
            turn.say(say(user.language, "feedback" if stored else "no_draft"))
            return
        draft = session.get(Draft, payload.draft_id) if payload is not None else None
        if payload is None or draft is None or draft.user_id != user.id:
            turn.say(say(user.language, "no_draft"))
            return
        if draft.status != "open":
            turn.say(say(user.language, "already"))
            return
        if isinstance(payload, Pick):
            self._pick(session, turn, draft, payload.n)
        elif payload.verb == "cancel":
            draft.status = "cancelled"
            turn.say(say(user.language, "cancelled"))
        elif payload.verb == "edit":
            turn.say(say(user.language, "edit_help"))
        else:
            self._confirm(session, turn, draft)

    def _follow_up_when(self, user: User, follow_up: str | None, said: str | None) -> str | None:
        """`明天上午` is tomorrow at the morning's hour, not an all-day task due at 18:00. A follow-up never lands
        on a weekend or holiday of the rep's calendar unless the rep named that day (`周六上午`)."""
        if not follow_up or "T" in follow_up:
            return follow_up
        said = said or ""
        day = date.fromisoformat(follow_up[:10])
        if not names_a_day(said):
            # `下个月再联系`, `next week`: the first working day of that stretch (a rep wants the reminder when it
            # starts, not on its last day); a single day (`明天`) that is no working day moves forward
            if names_a_stretch(said):
                day = stretch_start(said, day)
            for _ in range(10):
                if self.working_day(user, day):
                    break
                day += timedelta(days=1)
        part = part_of_day(said)
        at = self.day_parts.get(part) if part else None
        return day.isoformat() + (f"T{at.hour:02d}:{at.minute:02d}" if at else "")

    def _pick(self, session: Session, turn: Turn, draft: Draft, n: int) -> None:
        meta = dict(draft.fields.get("_meta") or {})
        choices = meta.get("choices") or []
        if not 0 <= n <= len(choices):
            turn.say(say(turn.user.language, "no_draft"))
            return
        customer = session.get(Customer, choices[n]) if n < len(choices) else None
        if customer is not None and customer.owner_id != turn.user.id:
            customer = None
        meta.update(
            choices=[],
            match_id=customer.id if customer else None,
            match_company=_label(customer) if customer else None,
            new_customer=customer is None,
        )
        draft.fields = {**draft.fields, "_meta": meta}
        if customer is not None:
            turn.say(say(turn.user.language, "picked", company=_label(customer)))
        else:
            turn.say(say(turn.user.language, "new_customer"))
        self._show_card(session, turn, draft)

    def _confirm(self, session: Session, turn: Turn, draft: Draft) -> None:
        user = turn.user
        meta = draft.fields.get("_meta") or {}
        cap = to_capture(
            draft.fields,
            draft.text,
            meta.get("transcript"),
            meta.get("channel") or turn.event.channel,
            commands.draft_source(draft),
            meta.get("said_by") or "rep",
        )
        cap.follow_up = self._follow_up_when(user, cap.follow_up, (draft.fields.get("follow_up") or {}).get("snippet"))
        match = session.get(Customer, meta["match_id"]) if meta.get("match_id") else None
        if match is not None and (match.owner_id != user.id or meta.get("new_customer")):
            match = None
        result = record_capture(
            session,
            user,
            cap,
            customer=match,
            workday_end=self.workday_end(user),
            new_customer=bool(meta.get("new_customer")),
        )
        draft.status, draft.lead_id, draft.confirmed_at = "confirmed", result.lead.id, turn.now
        summary = " ".join(
            x
            for x in (
                result.customer.company,
                result.contact.name if result.contact else None,
                result.lead.need,
            )
            if x
        )
        lines = [say(user.language, "saved_merged" if result.merged else "saved", summary=summary or "-")]
        if result.task is not None:
            from zoneinfo import ZoneInfo

            due = result.task.due_at.astimezone(ZoneInfo(user.tz))
            shown = due.strftime("%Y-%m-%d") if result.task.all_day else due.strftime("%Y-%m-%d %H:%M")
            lines.append(say(user.language, "task_line", title=result.task.title, due=shown))
        turn.say("\n".join(lines))
        industry = result.customer.industry
        books = load_playbooks(self.playbooks_file, user.language)
        chosen = [choose(session, books, kind, industry) for kind in dict.fromkeys(f.kind for f in cap.flags)]
        self._push_playbooks(turn, [b for b in chosen if b is not None], result.lead.id)
        moved = any(c.entity == "lead" and c.field == "stage" for c in result.changes)
        if self._ping_manager(session, turn, cap, result.customer.company or "-", result.lead, moved):
            # an undo of this capture tells the manager it was taken back
            meta = dict(draft.fields.get("_meta") or {})
            draft.fields = {**draft.fields, "_meta": {**meta, "pinged": user.manager_id}}

    def _undo(self, session: Session, turn: Turn) -> str:
        """Undo the last confirmation; a manager told of it gets a correction."""
        user = turn.user
        text, draft = commands.undo(session, user)
        pinged = (draft.fields.get("_meta") or {}).get("pinged") if draft is not None else None
        manager = session.get(User, pinged) if pinged else None
        if manager is not None:
            summary = _draft_summary(draft) or "-"  # type: ignore[arg-type]
            self._tell(turn, manager, say(manager.language, "ping_retracted", rep=user.name, summary=summary))
        return text

    def _push_playbooks(self, turn: Turn, books: list[Playbook], lead_id: int) -> None:
        """The playbooks a note's flags call for, in one message whose feedback buttons name their playbook
        (two messages of `[1] 有用 [2] 没用` would make `1` ambiguous)."""
        if not books:
            return
        lang = turn.user.language
        parts, buttons = [], []
        for book in books:
            cases = "\n".join(f"· {c}" for c in book.cases)
            parts.append(say(lang, "playbook", title=book.title, talk=book.talk_track, cases=cases))
            named = len(books) > 1  # one playbook: plain 有用 / 没用; several: each button says which
            yes = say(lang, "useful_for", title=book.title) if named else say(lang, "useful")
            no = say(lang, "useless_for", title=book.title) if named else say(lang, "useless")
            buttons += [
                Button(yes, Feedback(book.id, lead_id, True).encode()),
                Button(no, Feedback(book.id, lead_id, False).encode()),
            ]
        turn.say("\n\n".join(parts), buttons=buttons)

    def _ping_manager(self, session: Session, turn: Turn, cap: Any, company: str, lead: Any, moved: bool) -> bool:
        """Tell the manager of a complaint, and of a deal won or lost by this very note (`moved`); True if
        anything was sent."""
        user = turn.user
        manager = user.manager
        if manager is None:
            return False
        pings = []
        for fl in cap.flags:
            if fl.kind == "complaint":
                pings.append(("ping_complaint", {"snippet": _sentence(cap.text, fl.evidence)}))
            elif fl.kind == "competitor" and lead.stage == "lost":
                pings.append(("ping_lost", {"competitor": fl.competitor or "", "snippet": cap.text[:80]}))
        if not moved:
            pings = [p for p in pings if p[0] == "ping_complaint"]
        elif lead.stage == "lost" and not any(key == "ping_lost" for key, _ in pings):
            pings.append(("ping_lost_plain", {"snippet": cap.text[:80]}))
        elif lead.stage == "won":
            pings.append(("ping_won", {"snippet": cap.text[:80]}))
        seen = set()
        for key, values in pings:
            if key in seen:
                continue
            seen.add(key)
            self._tell(turn, manager, say(manager.language, key, rep=user.name, customer=company, **values))
        return bool(seen)

    def _tell(self, turn: Turn, someone: User, text: str) -> None:
        """A message to another user (a manager), on their own channel."""
        channel = preferred_channel(someone)
        address = chat_address(someone, channel) or someone.name
        turn.outs.append(Out(Reply(chat_id=address, text=text), channel, None, recipient_id=someone.id))


def _draft_summary(draft: Draft) -> str:
    """Who and what an open card is about, in a few words (`华锐精密机械 郑总 MES系统`)."""
    values = []
    for name in ("company", "contact_name", "need"):
        f = draft.fields.get(name)
        if isinstance(f, dict) and f.get("value"):
            values.append(str(f["value"]))
    return " ".join(values)[:60]


def _label(customer: Customer) -> str:
    """A customer as the rep knows it: its company, else its first contact."""
    return customer.company or next((k.name for k in customer.contacts if k.name), None) or f"#{customer.id}"


def _sentence(text: str, evidence: str | None) -> str:
    """The sentence of `text` holding the evidence, for a manager who did not see the message."""
    first = (evidence or "").split("；")[0]
    for part in re.split(r"(?<=[。！？!?])", text):
        if first and first in part:
            return part.strip()[:120]
    return text.strip()[:120]
