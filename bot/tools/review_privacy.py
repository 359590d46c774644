"""Dutch de-identification of the only message texts the review shows: unanswered questions.

PyPI `deduce` (pinned 3.0.3, see requirements.txt) replaces names, places and addresses,
institutions, phone numbers, e-mail addresses, dates, ages and ids by tags such as
[PERSOON-1], [TELEFOONNUMMER-1]. Measured here (December 2026, 2 shared cores): about 1 ms per
message; loading takes about 9 s, but the first load after an install builds its lookup
structures (about 3 minutes, once per install, stored inside the package).

Deduce is made for clinical notes with capitalised names; on top of it a few patterns catch
what a parent types on a phone and deduce may leave: long digit runs (phone numbers written
oddly, BSN, bank numbers), postcodes and e-mail addresses. Lowercase first names ("luuk") can
still slip through: the report says so, and an editor reads the questions before anything
moves into data/.
"""

from __future__ import annotations

import re
import threading

_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[EMAILADRES]"),
    (re.compile(r"\b[1-9]\d{3} ?[A-Z]{2}\b"), "[LOCATIE]"),  # postcode 1234 AB
    (re.compile(r"(?<!\w)(\+?\d[\d\s().-]{6,}\d)(?!\w)"), "[NUMMER]"),  # 7+ digits, any layout
    (re.compile(r"\b[A-Z]{2}\d{2}[A-Z]{4}\d{6,10}\b"), "[NUMMER]"),  # IBAN
]

_lock = threading.Lock()
_deduce = None


def _model():
    global _deduce
    with _lock:
        if _deduce is None:
            import logging

            from deduce import Deduce

            # deduce logs its "please wait" through the root logger; we print our own progress
            logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
            _deduce = Deduce()
        return _deduce


def deidentify(text: str) -> str:
    """The text with names, addresses, numbers, e-mail and dates replaced by tags."""
    text = " ".join(str(text or "").split())
    if not text:
        return text
    out = _model().deidentify(text).deidentified_text
    for pattern, tag in _PATTERNS:
        out = pattern.sub(tag, out)
    return out
