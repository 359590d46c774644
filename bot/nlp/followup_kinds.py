"""Kinds of follow-up question that point back at the last answer ("wie zei dat?", "en bij
pubers?", "welke daarvan is het ergst?"), by the `types` of content/followups.yml.

No Rasa here: the NLU (bot/nlp/answer_classifier.py) and the actions (actions/knowledge.py) both
read it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, List, Optional, Pattern, Tuple

from bot.content import load
from bot.nlp.text_patterns import compile_pattern, normalise_sentences


@lru_cache(maxsize=None)
def _followup_patterns() -> List[Tuple[str, List[Pattern]]]:
    spec = load("followups")
    defs = spec.get("defs") or {}
    return [
        (
            entry["type"],
            [
                compile_pattern(regex, defs, where=f"content/followups.yml {entry['type']}")
                for regex in entry["patterns"]
            ],
        )
        for entry in spec["types"]
    ]


def followup_type(text: Any) -> Optional[str]:
    """Kind of follow-up (waar, wie, welke_ergst, ...) of the first type with a pattern that
    matches one sentence of the message, or None."""
    sentences = normalise_sentences(text)
    for kind, patterns in _followup_patterns():
        if any(pattern.search(sentence) for pattern in patterns for sentence in sentences):
            return kind
    return None
