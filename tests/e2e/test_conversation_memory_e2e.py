"""A conversation that listens, through the real servers (REST webhook): no answer twice, who is
asking, the child as described, the referral once, and warm short social turns."""

from __future__ import annotations

import uuid

import pytest

from bot import conversation
from bot.content import help_resources
from tests.content_index import responses

pytestmark = pytest.mark.e2e

R = help_resources()
CRISIS_LINES = [
    R["zelfmoordpreventie_113"]["phone_free"],
    R["veilig_thuis"]["phone"],
    R["zelfmoordpreventie_113"]["name"],
    R["veilig_thuis"]["name"],
    "Bel 112",
]
CLASSROOM = {"En voor leerkrachten?", "Tips voor in de klas"}


@pytest.fixture
def talk(rest):
    """talk(message) -> (text, button titles) of one reply, all in one conversation."""
    sender = f"gesprek-{uuid.uuid4().hex[:10]}"

    def send(message):
        replies = rest(message, sender=sender)
        text = "\n".join(m.get("text") or "" for m in replies)
        titles = [b["title"] for m in replies for b in m.get("buttons") or []]
        return text, titles

    send("hallo")  # the welcome comes first; the tests start after it
    return send


def test_the_same_question_twice_gets_no_repeated_answer(talk):
    first, _ = talk("wat is hechting eigenlijk?")
    second, _ = talk("wat is hechting eigenlijk?")
    opening = first.split("\n")[0][:60]
    assert opening not in second
    said_already = [
        conversation.notice(n).split(".")[0] for n in ("repeated_other", "repeated_more", "repeated_end")
    ]
    assert any(line in second for line in said_already), second
    again, _ = talk("kun je nog eens uitleggen wat hechting is?")
    assert opening in again  # asked for explicitly: then it comes again


def test_a_grandfather_gets_no_classroom_and_is_pointed_to_the_parents(talk):
    text, titles = talk(
        "ik ben opa, mijn kleinzoon van 1 gaat vier dagen per week naar de kinderopvang. is dat slecht?"
    )
    assert not CLASSROOM & set(titles)
    assert "ouders" in text
    text, titles = talk("dus is het slecht of niet")
    assert not CLASSROOM & set(titles)
    assert not any(line in text for line in CRISIS_LINES), text


def test_a_young_person_gets_their_own_help(talk):
    talk("ik ben 15 en ik vraag me af of ik zelf een hechtingsprobleem heb")
    text, titles = talk("kan ik ergens anoniem met iemand praten?")
    assert R["kindertelefoon"]["phone"] in text and "chat" in text.lower()
    assert not CLASSROOM & set(titles) and "Nog een tip" not in titles


def test_the_child_is_named_as_the_parent_described(talk):
    talk("mijn kind van 3 wil nooit getroost worden, wat is hechting?")
    talk("het is een meisje trouwens")
    text, _ = talk("oke doei")
    assert "je dochter" in text and "je kind" not in text


def test_the_referral_comes_once_and_later_answers_carry_no_crisis_lines(talk):
    texts = [
        talk(q)[0]
        for q in (
            "mijn zoon van 6 wil nooit getroost worden, waarom?",
            "welke hechtingsstijlen zijn er?",
            "wat is de vreemde situatie procedure?",
        )
    ]
    assert sum("Alleen een professional" in t for t in texts) <= 1
    for later in texts[1:]:
        assert not any(line in later for line in CRISIS_LINES), later


def test_goodnight_gets_a_goodnight_not_a_tip(talk):
    talk("mijn dochter van 4 slaat als ze boos is, hoe reageer ik daarop?")
    text, _ = talk("ok dankje, ik ga proberen te slapen, welterusten")
    assert text.startswith("Welterusten")
    assert len(text.split()) <= 50
    assert not any(line in text for line in CRISIS_LINES)


def test_why_do_you_say_that(talk):
    talk("wat is vipp?")
    text, _ = talk("waarom zeg je dat?")
    assert text == responses()["utter_waarom_zeg_je_dat"][0]["text"]


def test_what_can_you_do_and_thanks_are_short(talk):
    text, _ = talk("wat kan jij?")
    assert "diagnose" in text and len(text.split()) <= 50
    text, _ = talk("dankjewel")
    assert text.startswith("Graag gedaan") and len(text.split()) <= 25
