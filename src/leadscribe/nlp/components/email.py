"""E-mail addresses, lower-cased."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import clean_of, lead_of
from ..types import Field

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)


def find_email(text: str) -> Field | None:
    """The first address in the text."""
    m = _EMAIL.search(text)
    return None if m is None else Field(m.group(0).lower(), m.start(), m.end())


@Language.component("leadscribe_email", assigns=["doc._.lead"])
def email_component(doc: Doc) -> Doc:
    lead_of(doc).email = find_email(clean_of(doc))
    return doc
