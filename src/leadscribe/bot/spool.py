"""Intake that survives a database outage: an event the inbox cannot store is appended to a local file (fsync'd
before the webhook is acknowledged) and moved into the inbox once the database takes writes again."""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

from ..crm.db import Database
from ..crm.models import utcnow
from ..ports import InboundEvent
from .inbox import event_from_payload, event_payload, store_events

log = logging.getLogger(__name__)


class Spool:
    """An append-only JSON-lines file of events, one per line, written and synced one at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.failing = False  # the last inbox write failed: /healthz says so

    def append(self, event: InboundEvent) -> None:
        line = json.dumps(event_payload(event), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(line)
                f.flush()
                os.fsync(f.fileno())
            if not self.failing:
                log.warning("the database refuses writes: incoming messages are spooled to disk until it is back")
            self.failing = True

    def depth(self) -> int:
        with self._lock:
            if not self.path.exists():
                return 0
            with open(self.path, encoding="utf-8") as f:
                return sum(1 for line in f if line.strip())

    def drain(self, db: Database) -> list[int]:
        """Move every spooled event into the inbox (duplicates stay single); the new rows' ids. Raises, and keeps
        the file, while the database still refuses."""
        with self._lock:
            if not self.path.exists():
                self.failing = False
                return []
            with open(self.path, encoding="utf-8") as f:
                events = [event_from_payload(json.loads(line)) for line in f if line.strip()]
            ids = store_events(db, events, utcnow())
            self.path.unlink()
            if self.failing:
                log.warning("the database takes writes again: %d spooled messages moved to the inbox", len(events))
            self.failing = False
            return [i for i in ids if i is not None]
