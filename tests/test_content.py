"""Every topic of the article is answerable. (How the answers read: tests/test_language.py.)"""

from __future__ import annotations

import pytest
import yaml

from bot import conversation
from bot.content import load, topic_map
from bot.help_lines import placeholders
from tests import ROOT
from tests.content_index import heldout_examples, normalise, responses, training_examples

MIN_TRAINING_EXAMPLES = 15
MIN_HELDOUT_EXAMPLES = 3
MAX_WORDS_PER_MESSAGE = load("language")["max_message_words"]
TOPIC_NUMBERS = range(1, 40)

MAP = topic_map()
ANSWER_KEYS = sorted(MAP["answers"])
YOUNG_KEYS = sorted(MAP.get("young_people") or {})
TEXTS = {name: [v["text"] for v in variants if "text" in v] for name, variants in responses().items()}


def rendered(name: str) -> list[str]:
    return [text.format(**placeholders()) for text in TEXTS[name]]


def test_every_knowledge_map_topic_has_an_answer():
    assert sorted(MAP["topics"]) == list(TOPIC_NUMBERS)
    for number, keys in MAP["topics"].items():
        assert keys, f"topic {number} has no answer"
        assert set(keys) <= set(MAP["answers"]), f"topic {number} names unknown answers"


@pytest.mark.parametrize("key", ANSWER_KEYS)
def test_answer_has_intent_examples_response_and_heldout(key):
    intent = f"kennis/{key}"
    assert len(training_examples().get(intent, [])) >= MIN_TRAINING_EXAMPLES, f"{intent}: too few examples"
    assert len(heldout_examples().get(intent, [])) >= MIN_HELDOUT_EXAMPLES, f"{intent}: too few held-out"
    assert TEXTS.get(f"utter_kennis/{key}"), f"utter_kennis/{key} missing"
    meta = MAP["answers"][key]
    assert meta["source"] in MAP["sources"]
    if meta.get("meer"):
        assert TEXTS.get(f"utter_meer_{key}"), f"utter_meer_{key} missing"
    for side in ("leerkracht", "ouder"):
        if side in meta:
            assert meta[side] in MAP["answers"], f"{key}.{side} points to an unknown answer"


def test_every_intent_in_training_has_heldout_examples():
    missing = [i for i in training_examples() if len(heldout_examples().get(i, [])) < MIN_HELDOUT_EXAMPLES]
    assert not missing, f"intents without {MIN_HELDOUT_EXAMPLES} held-out examples: {missing}"


def test_heldout_examples_are_never_training_examples():
    train = {normalise(e) for examples in training_examples().values() for e in examples}
    leaked = [e for examples in heldout_examples().values() for e in examples if normalise(e) in train]
    assert not leaked, f"held-out examples also in training data: {leaked[:10]}"


def test_tip_series_and_terms_have_responses():
    for series in MAP["tips"].values():
        assert len(series) >= 4
        for tip in series:
            assert TEXTS.get(tip), f"{tip} missing"
    for term, topic in MAP["terms"].items():
        assert TEXTS.get(f"utter_begrip/{term}"), f"utter_begrip/{term} missing"
        assert len(training_examples().get(f"begrip/{term}", [])) >= MIN_TRAINING_EXAMPLES
        assert topic in MAP["answers"], f"term {term} belongs to {topic}, which is no answer"


def test_knowledge_message_with_source_stays_short():
    """action_kennis adds the source line: the whole bubble must still fit a phone screen."""
    longest_source = max(len(s.split()) for s in MAP["sources"].values())
    for key in ANSWER_KEYS:
        for name in (f"utter_kennis/{key}", f"utter_meer_{key}"):
            for text in rendered(name) if name in TEXTS else []:
                assert len(text.split()) + longest_source <= MAX_WORDS_PER_MESSAGE + 10, name


def test_young_person_texts_exist_and_answers_point_to_them():
    """`jongere:` of an answer names a `young_people` entry; each entry has a known source, a response
    utter_<name>, no NLU examples (the classifier never picks it) and is pointed to by some answer, or
    comes whenever a young person names its subject (content/conversation.yml young_person_named)."""
    assert YOUNG_KEYS, "topic_map.yml has no young_people texts"
    pointed = {key: meta["jongere"] for key, meta in MAP["answers"].items() if "jongere" in meta}
    unknown = {key: target for key, target in pointed.items() if target not in MAP["young_people"]}
    assert not unknown, f"answers point to unknown young_people entries: {unknown}"
    named = set(conversation.spec()["young_person_named"])
    assert named <= set(conversation.spec()["young_person_texts"]), "young_person_named without words"
    assert set(pointed.values()) | named == set(YOUNG_KEYS), "a young_people text no answer points to"
    assert not set(YOUNG_KEYS) & set(MAP["answers"]), "young_people entries are no answers"
    longest_source = max(len(s.split()) for s in MAP["sources"].values())
    for name in YOUNG_KEYS:
        assert MAP["young_people"][name]["source"] in MAP["sources"], name
        assert TEXTS.get(f"utter_{name}"), f"utter_{name} missing"
        assert not training_examples().get(name) and not training_examples().get(f"kennis/{name}"), name
        for text in rendered(f"utter_{name}"):
            assert len(text.split()) + longest_source <= MAX_WORDS_PER_MESSAGE + 10, name


def uttered_by_rasa() -> list[str]:
    """Responses a rule in data/ names as its action (utter_begrip: every utter_begrip/<key>)."""
    actions = {
        step["action"]
        for path in sorted((ROOT / "data").glob("rules*.yml"))
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []
        for step in rule.get("steps") or []
        if str(step.get("action", "")).startswith("utter_")
    }
    return sorted(n for n in TEXTS if n in actions or n.split("/", 1)[0] in actions)


# Rasa fills only slots into the responses it utters itself, so a help-line placeholder would reach
# the user as "{vind_huisartsenpost}" (blind r38 k38d-064: "wat is verschil tussen 112 en
# huisartsenpost?" read the raw placeholder).
@pytest.mark.parametrize("name", uttered_by_rasa())
def test_responses_rasa_utters_itself_have_no_placeholders(name):
    for text in TEXTS[name]:
        assert not any(f"{{{key}}}" in text for key in placeholders()), f"{name}: {text[:80]}"
