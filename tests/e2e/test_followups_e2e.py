"""Follow-ups that point back at the last answer, through the real servers (REST webhook)."""

from __future__ import annotations

import pytest

from tests.content_index import responses

FALLBACK = responses()["utter_fallback"][0]["text"]


def opening(response: str) -> str:
    return responses()[response][0]["text"][:50]


@pytest.mark.parametrize(
    "question, followup, expected",
    [
        ("wat is vipp", "en waar kan ik dat krijgen?", "utter_kennis/hulp_zorgen"),
        (
            "wie schreef ontwrichte kinderen in het onderwijs",
            "en wie heeft dat geschreven?",
            "utter_kennis/wie_is_de_jong",
        ),
        (
            "welke hechtingsstijlen zijn er?",
            "welke daarvan is het ernstigst?",
            "utter_begrip/gedesorienteerd",
        ),
        ("wat is vipp", "waarom?", "utter_meer_vipp"),
    ],
)
def test_followup_points_back_at_the_last_answer(rest, question, followup, expected):
    sender = f"vervolg-{abs(hash((question, followup)))}"
    rest(question, sender=sender)
    reply = " ".join(m.get("text") or "" for m in rest(followup, sender=sender))
    assert FALLBACK not in reply
    assert opening(expected) in reply
