"""A question what a word means gets that word's explanation (bot/nlp/term_request.py)."""

from __future__ import annotations

import pytest

from bot.nlp.term_request import term_asked
from tests.content_index import responses

# every label of the classifier is passed; only the begrip/ ones are terms
LABELS = sorted(
    key[len("utter_") :] for key in responses() if key.startswith(("utter_begrip/", "utter_kennis/"))
)
TERMS = [label for label in LABELS if label.startswith("begrip/")]


def test_the_terms_are_there():
    assert {"begrip/spiegelen", "begrip/rad", "begrip/veilige_haven"} <= set(TERMS)


@pytest.mark.parametrize(
    "text, label",
    [
        # played round 32: a mother writing Dutch as a second language
        ("Wat betekent spiegelen? Ik snap dit woord niet. En 60% veilig, dus 40% niet??", "begrip/spiegelen"),
        ("wat bedoel je met RAD?", "begrip/rad"),
        ("Sorry, wat betekent 'veilige haven' precies?", "begrip/veilige_haven"),
        ("Wat betekent gedesoriënteerd gehecht?", "begrip/gedesorienteerd"),
        # the words "het woord" in it (normalised text collapses "oo": the pattern must too)
        ("wat betekent het woord spiegelen eigenlijk", "begrip/spiegelen"),
        ("Wat is dat voor een woord, spiegelen?", "begrip/spiegelen"),
        ("wat betekent dat? en wat betekent spiegelen?", "begrip/spiegelen"),
        # played round 35: a mother writing Dutch as a second language asked about the help answer's
        # words and heard that answer again
        ("wat betekent jeugdarts?", "begrip/jeugdarts"),
        ("sorry mijn nederlands is niet goed. wat betekent huisartsenpost?", "begrip/huisartsenpost"),
    ],
)
def test_a_question_for_a_meaning_gets_the_term(text, label):
    assert term_asked(text, LABELS) == label


@pytest.mark.parametrize(
    "text",
    [
        "wat is vipp?",  # the classifier knows the longer answer too
        "wat betekent dat voor mijn kind?",
        "mijn zoon spiegelt alles wat ik doe, wat betekent dat?",
        "hoe kan ik beter spiegelen?",
    ],
)
def test_other_questions_are_left_to_the_classifier(text):
    assert term_asked(text, LABELS) is None
