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


def _context_classifier():
    from bot.nlp.answer_classifier import AnswerClassifier

    texts = [
        "hoeveel kinderen zijn veilig gehecht",
        "wat doen ouders van veilig gehechte kinderen goed",
        "wat is vipp",
        "hoe werkt video feedback voor ouders",
        "dank je wel",
        "bedankt",
        # the real data teaches nonsense as out of scope, so "asdf" is a known word there
        "asdf qwerty",
    ]
    labels = [
        "kennis/veilige_hechting",
        "kennis/veilige_hechting",
        "kennis/vipp",
        "kennis/vipp",
        "thanks",
        "thanks",
        "out_of_scope",
    ]
    model = TextClassifier().fit(texts, encoder.embed_many(texts, disk_cache=False), labels)
    return AnswerClassifier(AnswerClassifier.get_default_config(), None, None, model)


def _parse(classifier, text, previous=None):
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlp.answer_context import CONTEXT_METADATA

    metadata = {CONTEXT_METADATA: {"previous": previous}} if previous else {}
    [message] = classifier.process([Message(data={"text": text, "metadata": metadata})])
    answer = message.get("response_selector")["kennis"]["response"]["intent_response_key"]
    return message.get("intent")["name"], answer, message.get("answer_context")


def test_a_short_follow_up_is_read_with_the_question_before_it():
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlp.answer_context import CONTEXT_METADATA

    classifier = _context_classifier()
    follow_up = "en hoe werkt dat dan precies?"
    # alone it could be either; after the question on VIPP it is about VIPP, after the one on
    # secure attachment about that
    assert _parse(classifier, follow_up, "wat is vipp eigenlijk?")[1:] == ("kennis/vipp", {"used": True})
    previous = "wat doen ouders van veilig gehechte kinderen goed?"
    assert _parse(classifier, follow_up, previous)[1] == "kennis/veilige_hechting"
    # the intent stays that of the message itself: a thanks after a question is a thanks
    assert _parse(classifier, "dank je wel!", previous)[0] == "thanks"
    # a long message, or one without a question before it, is read on its own
    long = (
        "ik heb nog een heel andere vraag, los van wat ik net vroeg, over de video feedback die ouders "
        "thuis krijgen van een hulpverlener"
    )
    # longer than the classifier reads with context (session 35 raised that limit past the old example)
    assert len(long.split()) > classifier.config["context_max_words"]
    assert _parse(classifier, long, previous)[1:] == ("kennis/vipp", None)
    assert _parse(classifier, follow_up)[2] is None
    # keyboard mash after a question is no follow-up (played round 10: "asdfjk" got an answer)
    # ... nor with punctuation and an emoji beside it (played in the widget in session 16: "<b>asdf</b>
    # ;;; 💥" after a question got that answer once more)
    # ... nor with a script beside it (the widget in session 25: "asdf ;;; 💥 <script>alert(1)</script>")
    for mash in ("asdfjk", "asdf ;;; 💥", "asdf ;;; 💥 <script>alert(1)</script>"):
        [message] = classifier.process(
            [Message(data={"text": mash, "metadata": {CONTEXT_METADATA: {"previous": "wat is vipp?"}}})]
        )
        assert message.get("answer_context") is None and message.get("intent")["confidence"] < 0.3, mash


@pytest.mark.parametrize(
    "intent, text, follow_up",
    [
        # blind r10: short follow-ups the classifier took for questions about Hechtwijzer
        ("over_hechtwijzer", "wat laat die lijst dan wel zien?", True),
        ("waarom_zeg_je_dat", "waarom maakt dat nou uit?", True),
        # blind r38: "what can you do" by the classifier, a question about the answer just given
        ("wat_kun_je", "wat kan daarbij helpen?", True),
        ("wat_kun_je", "wat kun je?", False),
        ("wat_kun_je", "wat kun jij daar allemaal mee?", False),
        # ... while questions that address Hechtwijzer stay what they are
        ("over_hechtwijzer", "bewaren jullie dit gesprek?", False),
        ("over_hechtwijzer", "waar haal je dat vandaan?", False),
        ("waarom_zeg_je_dat", "waarom zeg je dat?", False),
        ("kennis", "wat laat die lijst dan wel zien?", False),
        # blind r17: out of scope by the classifier, but a kind of follow-up that points back
        ("out_of_scope", "welke van de onveilige is het ergst?", True),
        ("out_of_scope", "en tot welke leeftijd kan dat?", True),
        # out of scope and no kind of follow-up: stays out of scope
        ("out_of_scope", "wat vind jij van die nieuwe minister?", False),
        ("out_of_scope", "kun je dat recept voor pannenkoeken geven?", False),
    ],
)
def test_a_question_about_hechtwijzer_that_points_back_at_the_topic_is_a_follow_up(intent, text, follow_up):
    from bot.nlp.answer_classifier import points_back_at_topic

    assert points_back_at_topic({"name": intent}, text) is follow_up


@pytest.mark.parametrize(
    "text, rest",
    [
        # played rounds 11 and 12: the thanks in front made the whole message a thanks
        ("Dank je. En waar komen je antwoorden vandaan?", "En waar komen je antwoorden vandaan?"),
        (
            "Dank u voor uw antwoord. Kan het kwaad om hem te laten huilen?",
            "Kan het kwaad om hem te laten huilen?",
        ),
        ("ok top, en wat is vipp dan?", "en wat is vipp dan?"),
        # a thanks alone stays a thanks
        ("dank je, dat helpt", "dank je, dat helpt"),
        ("bedankt!", "bedankt!"),
        ("helderheid is belangrijk voor hem", "helderheid is belangrijk voor hem"),
    ],
)
def test_the_classifier_reads_past_a_leading_thanks(text, rest):
    from bot.nlp.answer_classifier import without_courtesy

    assert without_courtesy(text) == rest


def test_an_example_keeps_its_fold_when_other_labels_grow():
    # the CV gate measured the shuffle: 38 examples added to other intents moved answers F1 by 0.004
    from bot.tools.cross_validate import stable_folds

    texts = [f"vraag over vipp {i}" for i in range(12)] + [f"dank je {i}" for i in range(7)]
    labels = ["kennis/vipp"] * 12 + ["thanks"] * 7
    before = stable_folds(texts, labels, np.arange(len(texts)), 5)
    more_texts = texts + [f"hoi {i}" for i in range(9)]
    more_labels = labels + ["greet"] * 9
    after = stable_folds(more_texts, more_labels, np.arange(len(more_texts)), 5)
    assert list(after[:12]) == list(before[:12])
    assert sorted(np.bincount(before[:12], minlength=5)) == [2, 2, 2, 3, 3]  # stratified per label
