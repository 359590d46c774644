"""Someone who writes "u" reads "u" (bot/formal_address.py; played rounds 20-22: a father and two
grandmothers wrote "u" throughout and read "je" in every reply)."""

from __future__ import annotations

import re

import pytest

from bot import conversation
from bot.channels import in_formal_address
from bot.formal_address import to_formal, writes_formally
from tests.content_index import responses

SECOND_PERSON = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
QUOTED = re.compile(r"(?<![\w])'(?!s )[^'\n]+'(?![\w])|\"[^\"\n]+\"")


@pytest.mark.parametrize(
    "texts, formal",
    [
        (["Goedemiddag. Kunt u mij vertellen wat hechting is?"], True),
        (["Dank u wel voor uw antwoord."], True),
        (["Mijn kleinzoon is twee.", "Wat raadt u mij aan?"], True),
        (["mijn dochter van 5 bijt, wat moet ik doen?"], False),
        (["Wat zou u adviseren?"], True),
        (["hoi", "wat is hechting"], False),
        (["Kunt u mij helpen?", "oke dank je!"], False),  # the last that addresses the bot decides
        (["ik ben 15 en mn ouders snappen me niet"], False),
        (["Heeft u tips voor mijn dochter?", "En wat als ze niet wil praten?"], True),
    ],
)
def test_who_writes_u_is_found_by_how_they_address_the_bot(texts, formal):
    assert writes_formally(texts) is formal


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Twijfel je?", "Twijfelt u?"),
        ("Succes met je opdracht.", "Succes met uw opdracht."),  # played round 36 read "u opdracht"
        ("Kun je je vraag anders stellen?", "Kunt u uw vraag anders stellen?"),
        ("Je kunt altijd terugkomen.", "U kunt altijd terugkomen."),
        ("Heb je nog een vraag?", "Heeft u nog een vraag?"),
        ("Voel je je niet serieus genomen?", "Voelt u zich niet serieus genomen?"),
        ("Maak je je zorgen?", "Maakt u zich zorgen?"),
        ("Zorg ook goed voor jezelf.", "Zorg ook goed voor uzelf."),
        ("Dat is geen oordeel over jou of je kind.", "Dat is geen oordeel over u of uw kind."),
        ("Ik weet iets over waar je hulp vindt.", "Ik weet iets over waar u hulp vindt."),
        (
            "Laat merken dat je je kind leuk vindt, ook als je grenzen stelt.",
            "Laat merken dat u uw kind leuk vindt, ook als u grenzen stelt.",
        ),
        ("De huisarts kan je doorverwijzen.", "De huisarts kan u doorverwijzen."),
        ("Dan kan je zelf terecht bij de huisarts.", "Dan kunt u zelf terecht bij de huisarts."),
        ("Bij de hereniging zie je grote verschillen.", "Bij de hereniging ziet u grote verschillen."),
        ("Bij acuut gevaar bel je 112.", "Bij acuut gevaar belt u 112."),
        ("Ik geef tips en wijs je de weg naar hulp.", "Ik geef tips en wijs u de weg naar hulp."),
        ("Een kind kan je niet afwijzen.", "Een kind kunt u niet afwijzen."),
        # what a parent says to a child stays as said
        ("Zegt je kind 'stel je niet aan'?", "Zegt uw kind 'stel je niet aan'?"),
        ("Zeg liever: 'Je schrok, kom maar.'", "Zeg liever: 'Je schrok, kom maar.'"),
        ("'s Nachts kun je de huisartsenpost bellen.", "'s Nachts kunt u de huisartsenpost bellen."),
    ],
)
def test_a_reply_turns_into_u(text, expected):
    assert to_formal(text) == expected


def _bot_texts():
    texts = [v[0]["text"] for v in responses().values() if v and v[0].get("text")]

    def walk(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    # the person's lines and notices (patterns are no text for the user)
    texts += [t for t in walk(conversation.spec()) if " " in t and "\\b" not in t]
    # every text built in Python: crisis replies, help lines, the association's contact
    from tests.test_language import BUILDERS, built

    texts += [t for name in BUILDERS for t in built(name)]
    return texts


def test_no_je_is_left_in_any_text_of_the_bot_outside_quotes():
    left = {}
    for text in _bot_texts():
        formal = to_formal(text)
        outside = QUOTED.sub(" ", formal)
        if SECOND_PERSON.search(outside):
            left[text] = formal
        # quoted words are kept as they are
        assert QUOTED.findall(formal) == QUOTED.findall(text), text
    assert not left, left


def test_only_the_texts_change_not_the_buttons():
    messages = [
        {"text": "Wil je meer weten?", "buttons": [{"title": "Vertel meer", "payload": "Vertel meer"}]},
        {"custom": {"mark": 1}},
    ]
    assert in_formal_address(messages) == [
        {"text": "Wilt u meer weten?", "buttons": [{"title": "Vertel meer", "payload": "Vertel meer"}]},
        {"custom": {"mark": 1}},
    ]
