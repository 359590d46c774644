"""Follow-ups that point back at the last answer, through the real servers (REST webhook)."""

from __future__ import annotations

import pytest

from bot.conversation import notice
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


def test_asking_for_simpler_words_gets_the_core_not_the_same_text(rest):
    """Blind r13: "kun je dat simpeler zeggen?" got the fallback, "ik snap het niet" the same
    text again."""
    sender = "vervolg-simpeler"
    rest("wat is hechting?", sender=sender)
    full = responses()["utter_kennis/wat_is_hechting"][0]["text"]
    reply = " ".join(m.get("text") or "" for m in rest("kun je dat simpeler zeggen?", sender=sender))
    assert reply.startswith("Kort gezegd:")
    assert opening("utter_kennis/wat_is_hechting") in reply
    assert len(reply) < len(full)


def test_a_new_question_about_the_answer_just_given_gets_its_sentence(rest):
    """Blind r7 and r13: a question whose fact is in the answer just given got another text or
    "not in the article"; now the sentence with the fact, not the whole answer again."""
    sender = "vervolg-citaat"
    rest("wat doen ouders van veilig gehechte kinderen goed?", sender=sender)
    reply = " ".join(
        m.get("text") or ""
        for m in rest("en hoeveel kinderen in nederland zijn er ongeveer veilig gehecht?", sender=sender)
    )
    assert reply.startswith(notice("followup_quote"))
    assert "60%" in reply
