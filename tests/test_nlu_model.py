"""The sentence encoder and the classifier behind the NLU (bot/nlp/encoder.py, intent_model.py),
without Rasa: what they must do for messages a user could send."""

import numpy as np
import pytest

from bot.nlp import encoder
from bot.nlp.intent_model import TextClassifier, group_ranking, split_label
from bot.tools.cross_validate import scores

# Loading the encoder takes about ten seconds: too long for `make check`.
pytestmark = pytest.mark.slow


def test_same_meaning_in_other_words_is_closer_than_another_topic():
    comfort = encoder.embed("mijn dochter laat zich nooit troosten")
    same = encoder.embed("ze wil niet getroost worden als ze verdrietig is")
    other = encoder.embed("welk boek heeft willem de jong geschreven")
    assert float(comfort @ same) > float(comfort @ other)


def test_the_encoder_understands_english_too():
    nl = encoder.embed("ik wil niet meer leven")
    en = encoder.embed("I don't want to live anymore")
    other = encoder.embed("wat is een veilige haven")
    assert float(nl @ en) > float(nl @ other)


def test_repeated_texts_come_from_the_cache():
    assert encoder.embed("Vertel meer") is encoder.embed("Vertel meer")


def _tiny_model():
    texts = [
        "wat is hechting",
        "wat betekent hechting eigenlijk",
        "hallo",
        "hoi daar",
        "tips voor in de klas",
        "snelle tip voor mijn leerling",
    ]
    labels = [
        "kennis/wat_is_hechting",
        "kennis/wat_is_hechting",
        "greet",
        "greet",
        "kennis/tips_klas",
        "kennis/tips_klas",
    ]
    return TextClassifier().fit(texts, encoder.embed_many(texts, disk_cache=False), labels)


def test_a_new_phrasing_gets_the_right_answer():
    model = _tiny_model()
    text = "kun je uitleggen wat hechting is?"
    assert model.rank(text, encoder.embed(text))[0][0] == "kennis/wat_is_hechting"


def test_words_we_never_saw_are_counted_so_nonsense_can_fall_back():
    model = _tiny_model()
    assert model.known_words("qwrtz plof brmm xyxy") == 0
    assert model.known_words("wat is dat dan") > 0


def test_answers_of_one_retrieval_intent_add_up():
    ranking = [("kennis/a", 0.4), ("kennis/b", 0.3), ("greet", 0.3)]
    assert group_ranking(ranking) == {"kennis": 0.7, "greet": 0.3}
    assert split_label("kennis/vipp") == ("kennis", "kennis/vipp")
    assert split_label("greet") == ("greet", None)


def test_cross_validation_scores_intents_and_answers_apart():
    true = ["kennis/a", "kennis/b", "greet", "greet"]
    pred = ["kennis/b", "kennis/b", "greet", "thanks"]
    s = scores(true, pred)
    assert s["intent_accuracy"] == 0.75  # kennis/b for kennis/a is still the right intent
    assert s["answer_accuracy"] == 0.5
    assert np.isclose(s["n_answers"], 2)
